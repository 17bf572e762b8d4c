#!/usr/bin/env bash
# Runs every check and test of the project: format, lints, Rust unit + store conformance + HTTP integration
# tests on SQLite and PostgreSQL, then the official Plaid SDK suites (plaid-python and the `plaid` npm client) and
# the Link browser suite (headless Chromium) against a freshly built server on each backend.
# Needs: a Rust toolchain, python3 with venv/pip, node 20+ with npm, and a PostgreSQL server at
# TARTAN_TEST_POSTGRES_URL (default: postgres://postgres@127.0.0.1:5432/test, trust auth). Installs the pinned
# SDKs itself, and the browser suite's Debian `chromium` (apt-get, when /usr/bin/chromium is missing) and pinned
# `playwright-core`. Tests create their own PostgreSQL schemas, so parallel runs do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s ====\n' "$*"; }

export TARTAN_TEST_POSTGRES_URL="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

section "cargo fmt --check"
cargo fmt --all -- --check

section "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

section "cargo test: unit, engines, store conformance (SQLite + PostgreSQL), HTTP on SQLite, two instances"
cargo test --workspace --locked

if pkg-config --exists tesseract lept 2>/dev/null; then
  section "statement OCR: clippy and tests with Tesseract (feature ocr)"
  cargo clippy --locked -p tartan-statements --all-targets --features ocr -- -D warnings
  cargo test --locked -p tartan-statements --features ocr
else
  section "statement OCR skipped: Tesseract is not installed (scripts/install-statement-tools.sh ocr)"
fi

section "cargo test: HTTP integration tests on PostgreSQL"
TARTAN_TEST_BACKEND=postgres cargo test --locked -p tartan --test api

section "official SDK suites on SQLite"
cargo build --locked -p tartan
TARTAN_BIN="$PWD/target/debug/tartan" bash sdk-tests/run.sh

section "official SDK suites on PostgreSQL"
sdk_schema_url="$(cargo run --quiet --locked -p tartan --example fresh_schema -- "$TARTAN_TEST_POSTGRES_URL")"
TARTAN_SDK_DATABASE_URL="$sdk_schema_url" TARTAN_BIN="$PWD/target/debug/tartan" bash sdk-tests/run.sh
