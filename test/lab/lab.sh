#!/usr/bin/env bash
# The lab: a small internet on loopback for end-to-end tests and for playing with the checker. A validating
# DNS-over-HTTPS resolver (unbound) serves one zone per scenario under .test, nginx serves each scenario's
# policy host on port 443, and a throwaway CA made at every start signs their certificates.
#
# usage: lab.sh install | start | stop | status | run
#   install  install the Debian packages the lab needs, without starting their system services
#   start    generate certificates, zones and configs into $LAB_DIR, start the servers, wait until they answer
#   stop     stop the servers that `start` left running
#   status   say which servers are running
#   run      start, say how to use the lab, and stop on Ctrl-C or at the end of standard input
#
# environment:
#   LAB_DIR        where everything generated goes (default test/lab/run)
#   LAB_ADDR       loopback address the servers listen on (default 127.0.0.1)
#   LAB_HOST_ADDR  address the zones give every host (default LAB_ADDR; a relay in front of the servers
#                  listens there in the latency benchmark)
#   LAB_SCENARIOS  the folder of scenarios (default test/lab/scenarios; the throughput benchmark generates one)
#   DOH_PORT       port of the DoH resolver (default 8443); the policy hosts are always on 443, as in
#                  https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 §3.3)
#
# Exit status 3 means this machine cannot run the lab (a package is missing, or not root).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
shopt -s inherit_errexit

LAB=$(cd "$(dirname "$0")" && pwd)
SCENARIOS=${LAB_SCENARIOS:-$LAB/scenarios}
LAB_DIR=${LAB_DIR:-$LAB/run}
LAB_ADDR=${LAB_ADDR:-127.0.0.1}
LAB_HOST_ADDR=${LAB_HOST_ADDR:-$LAB_ADDR}
DOH_PORT=${DOH_PORT:-8443}
PKI="$LAB_DIR/pki" DNS="$LAB_DIR/dns" WWW="$LAB_DIR/www"
DOH_URL="https://$LAB_ADDR:$DOH_PORT/dns-query"
SERVERS="unbound nginx"
PACKAGES="unbound bind9-utils nginx libnginx-mod-http-echo openssl curl ca-certificates knot-dnsutils neovim"

# shellcheck source=pki.sh
source "$LAB/pki.sh"
# shellcheck source=dns.sh
source "$LAB/dns.sh"
# shellcheck source=https.sh
source "$LAB/https.sh"

# Every scenario folder's name, in order.
SCENARIO_NAMES=()
for dir in "$SCENARIOS"/*/; do
  dir=${dir%/}
  SCENARIO_NAMES+=("${dir##*/}")
done
unset dir
now_ms() { echo $(($(date +%s%N) / 1000000)); }
die() { echo "lab: $*" >&2; exit 1; }

# How long `install` waits for another apt or dpkg run (unattended upgrades, a second checkout) to let go of its
# locks, instead of failing at once.
APT_LOCK_WAIT_S=600

# apt_update: `apt-get update`, waiting for the package lists' lock. apt-get waits for dpkg's lock when told
# (DPkg::Lock::Timeout) but not for that one, so a run that failed only on it is tried again each second, as
# apt-get itself does for dpkg's.
apt_update() {
  local deadline=$(($(now_ms) + APT_LOCK_WAIT_S * 1000)) out
  until out=$(apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_WAIT_S" update -qq 2>&1); do
    if ! grep -q 'Could not get lock' <<<"$out" || [ "$(now_ms)" -ge "$deadline" ]; then
      echo "$out" >&2
      return 1
    fi
    sleep 1
  done
  [ -z "$out" ] || echo "$out"
}

install() {
  export DEBIAN_FRONTEND=noninteractive
  apt_update
  # Debian starts a package's service on install; a policy-rc.d that exits 101 forbids it (the system
  # unbound would take port 53, nginx port 80). Some machines already have one; keep theirs.
  local made_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  # shellcheck disable=SC2086
  apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_WAIT_S" install -y -qq --no-install-recommends $PACKAGES >/dev/null
  if [ $made_policy = yes ]; then rm -f /usr/sbin/policy-rc.d; fi
}

can_run_here() {
  local missing="" tool
  for tool in unbound nginx dnssec-signzone openssl curl; do
    command -v "$tool" >/dev/null || missing+=" $tool"
  done
  [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || missing+=" libnginx-mod-http-echo"
  if [ -n "$missing" ]; then
    echo "lab: not installed:$missing; run \`bash test/lab/lab.sh install\` as root" >&2
    exit 3
  fi
  [ "$(id -u)" = 0 ] || { echo "lab: the policy hosts listen on port 443: run as root" >&2; exit 3; }
}

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# A test query: `test. SOA`, id 0, RD (RFC 8484 §4.1: base64url without padding).
doh_answers() { curl -sf --http2 --cacert "$PKI/ca.crt" -o /dev/null "$DOH_URL?dns=AAABAAABAAAAAAAABHRlc3QAAAYAAQ"; }
https_answers() { listening "$LAB_ADDR" 443; }

# wait_ready NAME PROBE: until PROBE succeeds, while NAME's process lives (a server that died on "address in
# use" must not pass for ready because another answers), for at most 10 s.
wait_ready() {
  local name=$1 probe=$2 pid deadline=$(($(now_ms) + 10000))
  pid=$(cat "$LAB_DIR/$name.pid")
  until $probe; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "lab: $name exited during start; its log:" >&2
      tail -n 20 "$LAB_DIR/$name.log" >&2
      return 1
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { echo "lab: $name did not answer within 10 s" >&2; return 1; }
    sleep 0.02
  done
}

generate() {
  rm -rf "$LAB_DIR"
  mkdir -p "$LAB_DIR"
  local name hosts=()
  policy_hosts
  for name in "${POLICY_HOSTS[@]}"; do hosts+=("mta-sts.$name.test"); done
  make_pki "${hosts[@]}"
  make_dns
  make_https
}

start() {
  can_run_here
  running && die "already running in $LAB_DIR (lab.sh stop)"
  listening "$LAB_ADDR" 443 && die "$LAB_ADDR:443 is in use (another lab? LAB_ADDR picks another address)"
  listening "$LAB_ADDR" "$DOH_PORT" && die "$LAB_ADDR:$DOH_PORT is in use"
  local t0 t1
  t0=$(now_ms)
  generate
  t1=$(now_ms)
  unbound -d -c "$DNS/unbound.conf" >"$LAB_DIR/unbound.log" 2>&1 &
  echo $! >"$LAB_DIR/unbound.pid"
  nginx -p "$WWW" -e stderr -c "$WWW/nginx.conf" >"$LAB_DIR/nginx.log" 2>&1 &
  echo $! >"$LAB_DIR/nginx.pid"
  if ! wait_ready unbound doh_answers || ! wait_ready nginx https_answers; then
    stop
    return 1
  fi
  echo "lab up: generated in $((t1 - t0)) ms, servers answered $(($(now_ms) - t1)) ms later"
}

# stop: TERM each server, then KILL one that is still there after 5 s.
stop() {
  local name pid deadline
  for name in $SERVERS; do
    [ -f "$LAB_DIR/$name.pid" ] || continue
    pid=$(cat "$LAB_DIR/$name.pid")
    kill "$pid" 2>/dev/null || true
    deadline=$(($(now_ms) + 5000))
    while kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.02; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$LAB_DIR/$name.pid"
  done
}

running() {
  local name
  for name in $SERVERS; do
    [ -f "$LAB_DIR/$name.pid" ] && kill -0 "$(cat "$LAB_DIR/$name.pid")" 2>/dev/null && return 0
  done
  return 1
}

status() {
  local name
  for name in $SERVERS; do
    if [ -f "$LAB_DIR/$name.pid" ] && kill -0 "$(cat "$LAB_DIR/$name.pid")" 2>/dev/null; then
      echo "$name: running (pid $(cat "$LAB_DIR/$name.pid"))"
    else
      echo "$name: stopped"
    fi
  done
}

usage_notes() {
  local ca="$PKI/ca.crt"
  cat <<EOF

  DoH resolver   $DOH_URL (HTTP/2 only)
  policy hosts   https://mta-sts.<scenario>.test/.well-known/mta-sts.txt on $LAB_ADDR:443
  test CA        $ca
  scenarios      ${SCENARIO_NAMES[*]}
                 (domains <scenario>.test; each folder in test/lab/scenarios/ says what it shows)

  Check a scenario with the built checker (npm run build):
    node lsp/dist/cli.js check enforce.test --resolver $DOH_URL --ca $ca --allow-private
  Ask the resolver directly:
    kdig @$LAB_ADDR -p $DOH_PORT +https +tls-ca=$ca _mta-sts.enforce.test TXT
  Fetch a policy:
    curl --cacert $ca --resolve mta-sts.enforce.test:443:$LAB_HOST_ADDR \\
      https://mta-sts.enforce.test/.well-known/mta-sts.txt

EOF
}

# run: the foreground mode for a person (`npm run lab`) and for the test suite, which holds our standard input
# open and closes it (or dies) when done.
run() {
  start
  local unbound nginx
  unbound=$(cat "$LAB_DIR/unbound.pid")
  nginx=$(cat "$LAB_DIR/nginx.pid")
  # A background job's standard input is /dev/null unless redirected explicitly.
  (while read -r _; do :; done) <&0 &
  READER=$!
  trap 'kill $READER 2>/dev/null || true; stop' EXIT
  trap 'exit 0' INT TERM
  usage_notes
  echo "lab ready; Ctrl-C or end of input stops it"
  wait -n "$unbound" "$nginx" "$READER" || true
  if ! kill -0 "$unbound" 2>/dev/null || ! kill -0 "$nginx" 2>/dev/null; then
    echo "lab: a server exited (logs in $LAB_DIR); stopping" >&2
    return 1
  fi
}

case "${1:-}" in
  install | start | stop | status | run) "$1" ;;
  *) sed -n '/^# usage/,/^#   run/p' "$0" >&2; exit 2 ;;
esac
