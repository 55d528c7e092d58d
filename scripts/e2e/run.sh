#!/usr/bin/env bash
# End-to-end test in a real VS Code: installs the packaged extension (loopsmith.vsix) into an
# offline code-server, starts it on 127.0.0.1 with isolated XDG_* folders, and drives it with
# Playwright (playwright-core + Debian's chromium) through client/test/e2e/editor.e2e.mjs.
#
#   LOOPSMITH_E2E_CACHE       code-server cache folder (see setup-code-server.sh)
#   LOOPSMITH_VSIX            the .vsix to install (default: loopsmith.vsix, built when stale;
#                             "none" installs nothing: checks the harness alone)
#   LOOPSMITH_E2E_ARTIFACTS   screenshots and logs (default: e2e-artifacts/)
#   LOOPSMITH_E2E_KEEP=1      keep the temporary profile folder
#
# Ends with "e2e: N passed, M failed" and exits non-zero on any failure. code-server is killed
# by its PID (and the PIDs of all its descendants: the extension host outlives the browser).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CS_VERSION=4.100.3
CACHE="${LOOPSMITH_E2E_CACHE:-${HOME:-/root}/.cache/loopsmith-e2e}"
CS_BIN="$CACHE/code-server-$CS_VERSION/node_modules/.bin/code-server"
VSIX="${LOOPSMITH_VSIX:-$ROOT/loopsmith.vsix}"
ART="${LOOPSMITH_E2E_ARTIFACTS:-$ROOT/e2e-artifacts}"
log() { echo "[e2e] $*"; }
fail() { log "$*"; echo "e2e: 0 passed, 1 failed"; exit 1; }

bash "$ROOT/scripts/e2e/setup-code-server.sh" || fail "code-server setup failed"

# --- the extension package ------------------------------------------------------------------
if [ -z "${LOOPSMITH_VSIX:-}" ]; then
  stale=""
  if [ ! -f "$VSIX" ]; then
    stale="missing"
  elif [ -n "$(find client/src server/src package.json -newer "$VSIX" -type f 2>/dev/null | head -1)" ]; then
    stale="older than the sources"
  fi
  if [ -n "$stale" ]; then
    log "packaging $VSIX ($stale): npm run package"
    mkdir -p "$ART"
    npm run package > "$ART/package.log" 2>&1 || { tail -30 "$ART/package.log"; fail "npm run package failed"; }
  fi
fi
[ "$VSIX" = none ] || [ -f "$VSIX" ] || fail "no extension package at $VSIX"

# --- an isolated profile --------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/loopsmith-e2e.XXXXXX")"
export XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" XDG_CACHE_HOME="$TMP/xdg-cache"
export XDG_STATE_HOME="$TMP/xdg-state" XDG_RUNTIME_DIR="$TMP/xdg-runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
UDD="$TMP/user-data" EXT="$TMP/extensions" WS="$TMP/workspace"
mkdir -p "$UDD/User" "$EXT" "$WS" "$ART"
echo '*' > "$ART/.gitignore" # screenshots and logs stay out of git
cp -r "$ROOT/samples" "$WS/samples"
cat > "$UDD/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "chat.commandCenter.enabled": false,
  "editor.hover.delay": 150,
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "files.hotExit": "off"
}
JSON

CS_PID=""
descendants() { # every descendant PID of $1, deepest last
  local kids
  kids="$(cat /proc/"$1"/task/*/children 2>/dev/null)"
  for k in $kids; do echo "$k"; descendants "$k"; done
}
cleanup() {
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    local pids
    pids="$CS_PID $(descendants "$CS_PID" | tr '\n' ' ')"
    kill -TERM $pids 2>/dev/null
    for _ in $(seq 1 50); do
      local alive=""
      for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
      [ -z "$alive" ] && break
      sleep 0.1
    done
    for p in $pids; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
    wait "$CS_PID" 2>/dev/null
    log "code-server (pid $CS_PID and its descendants) stopped"
  fi
  if [ "${LOOPSMITH_E2E_KEEP:-0}" = 1 ]; then log "profile kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CS_ARGS=(--user-data-dir "$UDD" --extensions-dir "$EXT")
if [ "$VSIX" != none ]; then
  log "installing $(basename "$VSIX")"
  "$CS_BIN" "${CS_ARGS[@]}" --install-extension "$VSIX" > "$ART/install-extension.log" 2>&1 \
    || { cat "$ART/install-extension.log"; fail "--install-extension failed"; }
  installed="$("$CS_BIN" "${CS_ARGS[@]}" --list-extensions --show-versions 2>/dev/null)"
  [ -n "$installed" ] || fail "no extension listed after --install-extension"
  log "installed: $(echo $installed)"
fi

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
log "starting code-server on 127.0.0.1:$PORT"
"$CS_BIN" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened "$WS" > "$ART/code-server.log" 2>&1 &
CS_PID=$!

ready=""
for _ in $(seq 1 300); do
  kill -0 "$CS_PID" 2>/dev/null || break
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
       "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then ready=1; break; fi
  sleep 0.2
done
[ -n "$ready" ] || { tail -30 "$ART/code-server.log"; fail "code-server did not come up"; }
log "code-server is up (pid $CS_PID)"

mkdir -p "$TMP/chromium"
E2E_URL="http://127.0.0.1:$PORT/?folder=$WS" E2E_WORKSPACE="$WS" E2E_ARTIFACTS="$ART" \
  E2E_BROWSER_PROFILE="$TMP/chromium" node "$ROOT/client/test/e2e/editor.e2e.mjs"
status=$?
# VS Code's logs (the extension host's and the extension's output channels among them) land
# under the user-data folder: keep them beside the screenshots.
rm -rf "$ART/vscode-logs"; cp -r "$UDD/logs" "$ART/vscode-logs" 2>/dev/null
exit "$status"
