#!/usr/bin/env bash
# Installs what the extension's end-to-end tests drive: Debian's Chromium and Firefox ESR, and certutil (NSS tools)
# to make each browser trust the lab's test CA. Quick when they are already there; needs root for apt.
set -euo pipefail
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/firefox-esr ]] || need+=(firefox-esr)
command -v certutil >/dev/null || need+=(libnss3-tools)
if [[ ${#need[@]} -eq 0 ]]; then
  echo "browsers: chromium, firefox-esr and certutil present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or old on a fresh machine; the lab's install has usually just updated them.
apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
}
echo "browsers: installed ${need[*]}"
