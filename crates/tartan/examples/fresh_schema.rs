//! Prints the URL of a fresh PostgreSQL schema on the server given as the only argument, for test scripts
//! that run a Tartan process against its own schema.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let Some(server) = std::env::args().nth(1) else {
        eprintln!("usage: fresh_schema postgres://USER@HOST/DATABASE");
        return ExitCode::FAILURE;
    };
    match tartan::store::test_support::fresh_postgres_schema(&server).await {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("fresh_schema: {error}");
            ExitCode::FAILURE
        }
    }
}
