#!/usr/bin/env bash
# Runs every check and test of the project: format, lints, Rust unit + HTTP integration tests, then the official
# Plaid SDK suites (plaid-python and the `plaid` npm client) against a freshly built server.
# Needs: a Rust toolchain, python3 (3.9+) with venv/pip, node 20+ with npm. Installs the pinned SDKs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s ====\n' "$*"; }

section "cargo fmt --check"
cargo fmt --all -- --check

section "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

section "cargo test (unit, store conformance, HTTP integration)"
cargo test --workspace --locked

section "official SDK suites"
cargo build --locked -p tartan
TARTAN_BIN="$PWD/target/debug/tartan" bash sdk-tests/run.sh
