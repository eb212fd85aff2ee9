#!/usr/bin/env bash
# Installs whatever is missing for tests and local mode; cheap when everything is already there.
#  - Java 17 for DynamoDB Local (Debian's openjdk-17-jre-headless)
#  - dig (Debian's dnsutils), to read local mode's name server as the docs show; optional
#  - npm packages (npm ci, when node_modules is missing or was installed from another package-lock.json)
#  - a project-local Python virtualenv (.venv) with moto server, pinned in local/requirements.txt
#  - with --with-browser (npm test): Debian's chromium for the status-page browser test
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*" >&2; }

if ! command -v java >/dev/null 2>&1; then
  log "java missing: installing openjdk-17-jre-headless"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

if ! command -v dig >/dev/null 2>&1; then
  log "dig missing: installing dnsutils (optional: any DNS client can read local mode's name server)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dnsutils >/dev/null; } || log "could not install dnsutils; continuing without dig"
fi

# By content, not file times: a fresh checkout's lock file is newer than an up-to-date install, and
# npm ci would then delete node_modules (through a symlink, too) only to install the same again.
npm_stamp=node_modules/.package-lock.sha
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules/.bin ] || [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_want" > "$npm_stamp"
fi

stamp=.venv/.requirements.sha
want=$(sha256sum local/requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/moto_server ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "creating Python virtualenv .venv with moto server"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r local/requirements.txt
  echo "$want" > "$stamp"
fi

if [ "${1:-}" = "--with-browser" ]; then
  bash scripts/ensure-chromium.sh
fi
