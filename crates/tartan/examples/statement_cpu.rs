//! The PostgreSQL backend's CPU time per execution of one statement, as Tartan's hot reads run it: a prepared
//! statement on one typed sqlx connection, results in binary (pgbench can only ask for text, and turning arrays
//! of JSON into text costs more than everything else the statement does).
//!
//!     statement_cpu URL SECONDS 'SQL' [PARAMETER …]
//!
//! Runs the statement (text parameters, `$1` …) on one connection for SECONDS, then prints the executions and the
//! backend's and this process's CPU µs per execution (utime + stime from /proc; the same machine only).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection, Row};

fn cpu_ticks(pid: u32) -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some((fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, seconds, sql, parameters @ ..] = args.as_slice() else {
        eprintln!("usage: statement_cpu URL SECONDS SQL [PARAMETER …]");
        return ExitCode::FAILURE;
    };
    match run(url, seconds, sql, parameters).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("statement_cpu: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    url: &str,
    seconds: &str,
    sql: &str,
    parameters: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    let duration = Duration::from_secs_f64(seconds.parse()?);
    let mut connection = PgConnection::connect(url).await?;
    let backend: i32 = sqlx::query("SELECT pg_backend_pid()")
        .fetch_one(&mut connection)
        .await?
        .try_get(0)?;
    let backend = u32::try_from(backend)?;
    let execute = async |connection: &mut PgConnection| -> Result<usize, sqlx::Error> {
        let query = parameters
            .iter()
            .fold(sqlx::query(sql), |query, parameter| query.bind(parameter));
        Ok(query.fetch_all(connection).await?.len())
    };
    // Past the custom plans PostgreSQL makes for a prepared statement's first five executions.
    let mut rows = 0;
    for _ in 0..20 {
        rows = execute(&mut connection).await?;
    }
    let (backend_before, own_before) = (cpu_ticks(backend), cpu_ticks(std::process::id()));
    let started = Instant::now();
    let mut executions = 0u64;
    while started.elapsed() < duration {
        execute(&mut connection).await?;
        executions += 1;
    }
    let (backend_after, own_after) = (cpu_ticks(backend), cpu_ticks(std::process::id()));
    let ticks = 100.0; // USER_HZ on Linux
    let per = |before: Option<(u64, u64)>, after: Option<(u64, u64)>| {
        before.zip(after).map(|((u0, s0), (u1, s1))| {
            let us = |t: u64| t as f64 * 1e6 / ticks / executions as f64;
            format!(
                "{:.1} µs (user {:.1}, sys {:.1})",
                us(u1 + s1 - u0 - s0),
                us(u1 - u0),
                us(s1 - s0)
            )
        })
    };
    println!(
        "executions {executions} ({rows} rows each), {:.1} µs wall each; backend {}; client {}",
        started.elapsed().as_secs_f64() * 1e6 / executions as f64,
        per(backend_before, backend_after).unwrap_or_else(|| "unreadable".into()),
        per(own_before, own_after).unwrap_or_else(|| "unreadable".into()),
    );
    connection.close().await?;
    Ok(())
}
