#!/usr/bin/env bash
# Starts real VS Code (code-server) on 127.0.0.1:PORT for FOLDER with a private profile under STATE, after
# installing VSIX into it, and prints the id of its process group once it answers. Stop it with `kill -- -PGID`:
# each page load starts an extension host that outlives the browser, so killing only the wrapper leaves it behind.
# Usage: run-code-server.sh CODE_SERVER_DIR STATE PORT FOLDER VSIX
set -euo pipefail
CS="$1/node_modules/.bin/code-server"
STATE=$(realpath -m "$2")
PORT=$3
FOLDER=$4
VSIX=$5
# Everything code-server and the extension host write (config.yaml, a device id, ipc sockets) stays under STATE.
export HOME="$STATE/home" TMPDIR="$STATE/tmp" XDG_CONFIG_HOME="$STATE/home/.config" \
  XDG_DATA_HOME="$STATE/home/.local/share" XDG_CACHE_HOME="$STATE/home/.cache"
mkdir -p "$HOME" "$TMPDIR" "$STATE/user-data/User"
# No welcome page, no tips: the editor opens on the workspace and nothing steals the focus.
cat >"$STATE/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "editor.hover.delay": 100,
  "security.workspace.trust.enabled": false
}
JSON
common=(--user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions")
"$CS" "${common[@]}" --install-extension "$VSIX" >"$STATE/install.log" 2>&1 ||
  { cat "$STATE/install.log" >&2; exit 1; }
setsid "$CS" "${common[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry \
  --disable-update-check --disable-workspace-trust "$FOLDER" >"$STATE/code-server.log" 2>&1 </dev/null &
pid=$!
for _ in $(seq 600); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "code-server did not answer on port $PORT; see $STATE/code-server.log" >&2
kill -- -"$pid" 2>/dev/null || true
exit 1
