#!/usr/bin/env bash
# Installs real VS Code (code-server 4.100.3 = VS Code 1.100.3, the last line whose engines allow Node 20) and the
# Debian Chromium that drives it, outside the repository, once: a finished install leaves a stamp and is reused.
# Usage: install-code-server.sh [DIR]   (default $CODE_SERVER_DIR or /var/cache/sts-inspector/code-server-4.100.3)
# About 3.5 min cold, 1.5 min with a warm npm cache; needs root for apt.
set -euo pipefail
DIR=$(realpath -m "${1:-${CODE_SERVER_DIR:-/var/cache/sts-inspector/code-server-4.100.3}}")
if [[ -f $DIR/.installed && -x /usr/bin/chromium ]]; then echo "code-server: cached in $DIR"; exit 0; fi
mkdir -p "$DIR"
export DEBIAN_FRONTEND=noninteractive
# kerberos builds from source (its prebuilt download fails) and needs the gssapi headers; Debian's rg stands in for
# the ripgrep binary @vscode/ripgrep would download; chromium drives the workbench in the test.
apt-get install -y -o DPkg::Lock::Timeout=300 --no-install-recommends \
  build-essential python3 libkrb5-dev ripgrep chromium >/dev/null
# @vscode/ripgrep takes a tarball already in its cache folder, $TMPDIR/vscode-ripgrep-cache-<its version>/.
export TMPDIR="$DIR/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache/rgdir"
cp /usr/bin/rg "$cache/rgdir/rg"
tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$cache/rgdir" rg
cd "$DIR"
# nodedir=/usr: Debian's nodejs ships /usr/include/node, so node-gyp downloads no headers. yes: node-pty's
# postinstall runs `npx node-gyp`. unsafe_perm (as an environment variable): code-server's postinstall refuses root.
npm_config_yes=true npm_config_nodedir=/usr npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund code-server@4.100.3 >"$DIR/install.log" 2>&1 ||
  { tail -n 30 "$DIR/install.log" >&2; exit 1; }
HOME="$DIR/home" "$DIR/node_modules/.bin/code-server" --version
touch "$DIR/.installed"
