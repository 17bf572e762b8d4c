#!/usr/bin/env bash
# Installs the test OpenID provider's pinned npm packages (package-lock.json), nothing else.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
