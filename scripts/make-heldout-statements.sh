#!/usr/bin/env bash
# Regenerates the held-out statement corpus (crates/tartan-statements/tests/fixtures/heldout/) with
# independent PDF producers and editors. Install them first: scripts/install-statement-tools.sh corpus
# Usage: scripts/make-heldout-statements.sh [seed]     (default seed 17; the committed files use 17)
set -euo pipefail
cd "$(dirname "$0")/.."
export HELDOUT_SEED="${1:-17}"
cd crates/tartan-statements/tests/fixtures/heldout
exec ../../../../../.venv-statements/bin/python make.py
