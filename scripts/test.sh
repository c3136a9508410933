#!/usr/bin/env bash
# The whole test suite (unit, integration, e2e) against real PostgreSQL and RabbitMQ.
# Uses the services already running on their standard ports; on a Debian machine where they are
# missing and we are root, installs and starts them (and Debian's chromium for the console's browser tests);
# otherwise says how to start them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
# PGlite (embedded-mode tests) loads its WASM with a dynamic import, which Jest's VM needs this flag for.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --disable-warning=ExperimentalWarning"
exec npx jest "$@"
