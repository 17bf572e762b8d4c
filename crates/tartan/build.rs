//! `sqlx::migrate!` embeds the migration files at compile time, but cargo does not know they are inputs: without
//! this, a migration added to an already-built tree is left out of the next incremental build (sqlx's documented
//! remedy, `sqlx migrate build-script`).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
