#!/usr/bin/env bash
# The console's browser tests (test/e2e/console-browser.e2e-spec.ts) drive Debian's Chromium through
# playwright-core: Playwright's own browser download is not used. Installs it when missing and we are root.
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && exit 0
done

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
The console's browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium),
or point CHROMIUM_PATH at a Chromium or Chrome binary. Then run the tests again.
MSG
  exit 1
fi

echo "==> Installing Chromium (browser tests of the console)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || {
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
}
