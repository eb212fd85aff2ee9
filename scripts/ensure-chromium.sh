#!/usr/bin/env bash
# Installs Debian's chromium for the status-page browser test (playwright-core drives it through
# executablePath /usr/bin/chromium; playwright's own browser downloads are not used). Idempotent:
# does nothing when /usr/bin/chromium exists. Called by scripts/setup.sh --with-browser (npm test).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "[setup] chromium missing: installing Debian's chromium (for the status-page browser test)" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
