#!/usr/bin/env bash
# Installs what the browser tests need: Debian's `chromium` package (only when $CHROMIUM, default
# /usr/bin/chromium, is missing; playwright-core never downloads a browser) and the pinned npm packages, the
# test OpenID provider's (../oidc) included.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  SUDO=""
  [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
"$CHROMIUM" --version
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
# The real OpenID provider that provider_oidc.test.js logs in at.
bash "$HERE/../oidc/install.sh"
