//! `sqlx::migrate!` embeds the migration files at compile time, but cargo does not know they are inputs: without
//! this, a migration added to an already-built tree is left out of the next incremental build (sqlx's documented
//! remedy, `sqlx migrate build-script`).
//!
//! The server binary is linked with packed relative relocations (`-z pack-relative-relocs`, DT_RELR: glibc 2.36,
//! lld, GNU ld 2.38): the 44,000 relocations a position-independent binary needs at start (its vtables and tables of
//! pointers) took 1 MB as RELA records, all of it read at every start and kept resident as file pages; as a RELR
//! bitmap they take a few KB (docs/performance.md, "Idle memory after a load").
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
