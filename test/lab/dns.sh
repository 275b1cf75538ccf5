# shellcheck shell=bash
# The lab's DNS (sourced by lab.sh): one zone per scenario under .test (RFC 6761: reserved, never on the
# internet), signed where the scenario asks for it, served by a validating unbound over DoH (RFC 8484).
#
# A scenario's `zone` file holds its records with names relative to <scenario>.test; lab.sh adds the SOA and
# NS records and fills in {{addr}} (the lab's address) and {{mx-key-sha256}} (the MX hosts' key, for TLSA).
# Directives are comment lines:
#   ;; lab: sign            sign the zone (DNSSEC) and make its DS a trust anchor of the resolver
#   ;; lab: sign, expired   the same, with signatures that expired in 2020 (validation fails: SERVFAIL)
#   ;; lab: after signing   each record below (written `owner type data`) replaces, after signing, the
#                           records of its owner and type: their signatures no longer match (bogus)

# zone_header ORIGIN: what every zone starts with. A long default TTL keeps cached answers above the
# thresholds some rules look at (RPT019) however long the lab runs; negative answers live 5 minutes.
zone_header() {
  # shellcheck disable=SC2016 # $ORIGIN and $TTL are zone file directives
  printf '$ORIGIN %s.\n$TTL 86400\n@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n@ NS ns.test.\n' "$1"
}

fill_in() {
  sed -e "s/{{addr}}/$LAB_HOST_ADDR/g" -e "s/{{mx-key-sha256}}/$(cat "$PKI/mx-key.sha256")/g" "$1"
}

# make_zone SCENARIO: writes $DNS/<scenario>.test.zone, signed when the scenario says so, and prints the
# zone file unbound should load.
make_zone() {
  local name=$1 origin="$1.test" src="$SCENARIOS/$1/zone"
  local out="$DNS/$origin.zone"
  local sign
  sign=$(sed -n 's/^;; lab: \(sign.*\)$/\1/p' "$src")
  { zone_header "$origin"; fill_in "$src" | sed '/^;; lab: after signing/,$d'; } >"$out"
  if [ -z "$sign" ]; then
    echo "$out"
    return
  fi
  local validity=()
  # -P: dnssec-signzone would otherwise refuse to write signatures that are already expired.
  [ "$sign" = "sign, expired" ] && validity=(-P -s 20200101000000 -e 20200201000000)
  (
    cd "$DNS" || exit 1
    dnssec-keygen -q -K . -a ECDSAP256SHA256 -n ZONE "$origin" >/dev/null
    dnssec-keygen -q -K . -a ECDSAP256SHA256 -f KSK -n ZONE "$origin" >/dev/null
    # -O full: one record per line, owner names absolute, for the replacement below.
    dnssec-signzone -q -S -K . -O full -o "$origin" "${validity[@]}" "$out" >/dev/null
  )
  local changed
  changed=$(fill_in "$src" | sed '1,/^;; lab: after signing/d; /^;/d; /^ *$/d')
  if [ -n "$changed" ]; then
    awk -v origin="$origin." -v changed="$changed" '
      BEGIN {
        n = split(changed, lines, "\n")
        for (i = 1; i <= n; i++) { split(lines[i], f, " "); drop[f[1] "." origin " " f[2]] = 1 }
      }
      !(($1 " " $4) in drop)
      END { print "$ORIGIN " origin; print changed }' "$out.signed" >"$out.changed"
    mv "$out.changed" "$out.signed"
  fi
  echo "$out.signed"
}

# make_dns: every zone, then unbound.conf.
make_dns() {
  mkdir -p "$DNS"
  local zones="" anchors="" name file
  { zone_header test; echo "ns A $LAB_HOST_ADDR"; } >"$DNS/test.zone"
  zones+=$(auth_zone test "$DNS/test.zone")
  for name in $(scenario_names); do
    [ -f "$SCENARIOS/$name/zone" ] || continue
    file=$(make_zone "$name")
    zones+=$(auth_zone "$name.test" "$file")
    [ -f "$DNS/dsset-$name.test." ] && anchors+=$'\n'"    trust-anchor-file: \"$DNS/dsset-$name.test.\""
  done
  cat >"$DNS/unbound.conf" <<EOF
server:
    verbosity: 1
    use-syslog: no
    log-servfail: yes
    username: ""
    chroot: ""
    directory: "$DNS"
    pidfile: "$DNS/unbound.pid"
    do-daemonize: no
    do-ip6: no
    interface: $LAB_ADDR@$DOH_PORT
    https-port: $DOH_PORT
    http-endpoint: "/dns-query"
    tls-service-key: "$PKI/doh.key"
    tls-service-pem: "$PKI/doh.crt"
    access-control: 127.0.0.0/8 allow
    # Nothing leaves the machine: .test is answered from the zones below, every other name is refused.
    local-zone: "." refuse
    local-zone: "test." transparent
    # Several checks at once, each with a few DoH connections (the default is 10).
    incoming-num-tcp: 256
    qname-minimisation: no
    # Expired signatures must fail at once, without the default grace.
    val-sig-skew-min: 0
    val-sig-skew-max: 0$anchors
$zones
EOF
}

# auth_zone NAME FILE: the zone is served as if from an authoritative server, so answers look like a
# recursive resolver's (CNAMEs chased, NXDOMAIN with SOA, DNSSEC validated).
auth_zone() {
  printf '\nauth-zone:\n    name: "%s."\n    zonefile: "%s"\n    for-downstream: no\n    for-upstream: yes' "$1" "$2"
}
