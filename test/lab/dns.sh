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

# fill_in LINE: the line with {{addr}} and {{mx-key-sha256}} filled in, into $FILLED (no subshell).
fill_in() {
  FILLED=${1//'{{addr}}'/$LAB_HOST_ADDR}
  FILLED=${FILLED//'{{mx-key-sha256}}'/$MX_KEY_SHA256}
}

# make_signing_key: the one DNSSEC key of the lab (a combined signing key: flags 257, signs every record), made
# once per start and copied for each signed zone, since a key's tag and signatures do not depend on the name of
# the zone it is published in.
make_signing_key() {
  local base
  base=$(dnssec-keygen -q -K "$DNS" -a ECDSAP256SHA256 -f KSK -n ZONE lab-key.)
  SIGNING_KEY="$DNS/$base"
  SIGNING_TAG=${base##*+}
}

# make_zone SCENARIO: writes $DNS/<scenario>.test.zone and sets ZONE_FILE to the zone file unbound should load.
# Bash alone reads and fills in the scenario's file: no process per zone. A zone the scenario wants signed is
# signed by a background job whose PID is added to SIGNING (make_dns waits for them), and ZONE_FILE is the signed
# file it will write.
make_zone() {
  local name=$1 origin="$1.test" line sign="" after=no
  local out="$DNS/$origin.zone" lines=() records=() changed=()
  mapfile -t lines <"$SCENARIOS/$name/zone"
  for line in "${lines[@]}"; do
    fill_in "$line"
    case $FILLED in
      ';; lab: after signing'*) after=yes && continue ;;
      ';; lab: sign'*) sign=${FILLED#;; lab: } ;;
    esac
    if [ $after = no ]; then
      records+=("$FILLED")
    elif [[ $FILLED != ';'* && $FILLED =~ [^[:space:]] ]]; then
      changed+=("$FILLED")
    fi
  done
  { zone_header "$origin" && printf '%s\n' "${records[@]}"; } >"$out"
  ZONE_FILE=$out
  [ -n "$sign" ] || return 0

  # The lab's key, published under this zone's name.
  local key="$DNS/K$origin.+013+$SIGNING_TAG" dnskey=""
  cp "$SIGNING_KEY.private" "$key.private"
  mapfile -t lines <"$SIGNING_KEY.key"
  for line in "${lines[@]}"; do
    [[ $line == ';'* ]] || dnskey=${line#lab-key. }
  done
  echo "$origin. $dnskey" >"$key.key"
  local validity=()
  # -P: dnssec-signzone would otherwise refuse to write signatures that are already expired.
  [ "$sign" = "sign, expired" ] && validity=(-P -s 20200101000000 -e 20200201000000)
  local replaced=""
  [ ${#changed[@]} -eq 0 ] || printf -v replaced '%s\n' "${changed[@]}"
  ZONE_FILE="$out.signed"
  sign_zone "$origin" "$out" "${replaced%$'\n'}" "${validity[@]}" &
  SIGNING+=("$!")
}

# sign_zone ORIGIN FILE CHANGED [VALIDITY…]: FILE.signed, then each record of CHANGED (lines `owner type data`)
# in place of the signed records of its owner and type.
sign_zone() {
  local origin=$1 out=$2 changed=$3
  shift 3
  # -z: the key signs every record set, not only DNSKEY. -O full: one record per line, owner names absolute,
  # for the replacement below.
  dnssec-signzone -q -S -z -K "$DNS" -d "$DNS" -O full -o "$origin" "$@" "$out" >/dev/null
  [ -n "$changed" ] || return 0
  awk -v origin="$origin." -v changed="$changed" '
    BEGIN {
      n = split(changed, lines, "\n")
      for (i = 1; i <= n; i++) { split(lines[i], f, " "); drop[f[1] "." origin " " f[2]] = 1 }
    }
    !(($1 " " $4) in drop)
    END { print "$ORIGIN " origin; print changed }' "$out.signed" >"$out.changed"
  mv "$out.changed" "$out.signed"
}

# make_dns: every zone, then unbound.conf.
make_dns() {
  mkdir -p "$DNS"
  read -r MX_KEY_SHA256 <"$PKI/mx-key.sha256"
  make_signing_key
  local zones="" anchors="" name pid
  SIGNING=()
  { zone_header test && echo "ns A $LAB_HOST_ADDR"; } >"$DNS/test.zone"
  auth_zone test "$DNS/test.zone"
  zones+=$AUTH_ZONE
  for name in "${SCENARIO_NAMES[@]}"; do
    [ -f "$SCENARIOS/$name/zone" ] || continue
    make_zone "$name"
    auth_zone "$name.test" "$ZONE_FILE"
    zones+=$AUTH_ZONE
    [ "$ZONE_FILE" = "$DNS/$name.test.zone" ] || anchors+=$'\n'"    trust-anchor-file: \"$DNS/dsset-$name.test.\""
  done
  for pid in "${SIGNING[@]}"; do wait "$pid" || { echo "lab: signing a zone failed" >&2; return 1; }; done
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
    tls-service-key: "$PKI/leaf.key"
    tls-service-pem: "$PKI/lab.crt"
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

# auth_zone NAME FILE: into $AUTH_ZONE, the zone served as if from an authoritative server, so answers look like
# a recursive resolver's (CNAMEs chased, NXDOMAIN with SOA, DNSSEC validated).
auth_zone() {
  printf -v AUTH_ZONE '\nauth-zone:\n    name: "%s."\n    zonefile: "%s"\n    for-downstream: no\n    for-upstream: yes' \
    "$1" "$2"
}
