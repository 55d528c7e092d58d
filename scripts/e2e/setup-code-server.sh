#!/usr/bin/env bash
# Sets up an offline code-server (a real VS Code in the browser) and Debian's Chromium for the
# end-to-end test, under a cache folder outside the repo. Idempotent: a second run only checks.
#
#   LOOPSMITH_E2E_CACHE   cache folder (default: $HOME/.cache/loopsmith-e2e)
#
# code-server 4.100.3 is the last release that runs on Node 20. Its npm postinstall downloads
# ripgrep and prebuilt native modules, which cannot be had here, so the install is done by hand:
#   1. npm install code-server --ignore-scripts
#   2. in lib/vscode (and lib/vscode/extensions): npm install --omit=dev --ignore-scripts
#   3. Debian's /usr/bin/rg copied in as @vscode/ripgrep's binary
#   4. npm rebuild of the native modules (built from source with node-gyp against Node's headers)
#   5. the links that code-server's postinstall.sh would make
set -euo pipefail

CS_VERSION=4.100.3
CACHE="${LOOPSMITH_E2E_CACHE:-${HOME:-/root}/.cache/loopsmith-e2e}"
DIR="$CACHE/code-server-$CS_VERSION"
STAMP="$DIR/.setup-done"
start=$(date +%s)

log() { echo "[e2e-setup] $*"; }

# --- Debian packages -------------------------------------------------------------------------
debs=(chromium ripgrep pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
      fonts-dejavu-core)
missing=()
for p in "${debs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v chromium >/dev/null || { log "chromium not found after install"; exit 1; }
command -v rg >/dev/null || { log "rg not found after install"; exit 1; }

CS_BIN="$DIR/node_modules/.bin/code-server"
if [ -f "$STAMP" ] && [ -x "$CS_BIN" ]; then
  v="$(XDG_CONFIG_HOME="$DIR/.probe-config" "$CS_BIN" --version 2>/dev/null | tail -1 || true)"
  case "$v" in
    "$CS_VERSION"*) log "code-server $CS_VERSION ready in $DIR ($(( $(date +%s) - start ))s)"; exit 0 ;;
  esac
  log "stamp present but code-server does not answer ($v): setting up again"
fi

# --- code-server -----------------------------------------------------------------------------
log "setting up code-server $CS_VERSION in $DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{ "name": "loopsmith-e2e-code-server", "private": true }' > package.json
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"

VSC="$DIR/node_modules/code-server/lib/vscode"
cd "$VSC"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# ripgrep: @vscode/ripgrep's postinstall would download it; Debian's binary does the same job.
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg

# Native modules, built from source (their prebuilt downloads fail here, then node-gyp builds).
# node-pty's own postinstall runs `npx node-gyp configure -f compile_commands_json` only to
# write an editor file, and that npx call can fail offline: so it is built with node-gyp alone.
native=(kerberos @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid)
npm rebuild --no-audit --no-fund --loglevel=error "${native[@]}"
NODE_GYP="$(dirname "$(dirname "$(command -v npm)")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
if [ ! -f "$NODE_GYP" ]; then
  NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
fi
gyp_args=(rebuild)
nodedir="$(npm config get nodedir 2>/dev/null || true)"
case "$nodedir" in ""|undefined|null) ;; *) gyp_args+=("--nodedir=$nodedir") ;; esac
(cd node_modules/node-pty && node "$NODE_GYP" "${gyp_args[@]}" >"$DIR/node-pty-build.log" 2>&1) \
  || { tail -40 "$DIR/node-pty-build.log"; log "node-pty build failed"; exit 1; }
for f in kerberos/build/Release/kerberos.node @vscode/spdlog/build/Release/spdlog.node \
         native-watchdog/build/Release/watchdog.node node-pty/build/Release/pty.node; do
  [ -f "node_modules/$f" ] || { log "native module missing: $f"; exit 1; }
done

# What code-server's postinstall.sh does besides installing.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
  && node postinstall.mjs >/dev/null)

# code-server's own native dependency (argon2, for password auth; loaded at start-up).
cd "$DIR"
npm rebuild --no-audit --no-fund --loglevel=error argon2

v="$(XDG_CONFIG_HOME="$DIR/.probe-config" "$CS_BIN" --version | tail -1)"
case "$v" in
  "$CS_VERSION"*) ;;
  *) log "code-server --version printed: $v"; exit 1 ;;
esac
date -u +%FT%TZ > "$STAMP"
log "code-server $v ready in $DIR ($(( $(date +%s) - start ))s)"
