# shellcheck shell=bash
# The lab's throwaway PKI, made anew at every start (sourced by lab.sh): a test CA, a certificate for the DoH
# resolver, one per policy host, the three bad ones the scenarios use, and the MX hosts' key for TLSA records.
# Nothing here is ever committed; the CA key dies with the run folder.

# new_key FILE: a P-256 key.
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# issue NAME COMMON_NAME SUBJECT_ALT_NAMES: a leaf certificate signed by the lab CA, valid for 30 days, as
# NAME.crt and NAME.key.
issue() {
  local name=$1 cn=$2 san=$3
  new_key "$PKI/$name.key"
  openssl req -x509 -new -key "$PKI/$name.key" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -days 30 \
    -subj "/CN=$cn" -addext "subjectAltName=$san" -addext "basicConstraints=critical,CA:FALSE" \
    -addext "extendedKeyUsage=serverAuth" -out "$PKI/$name.crt" 2>/dev/null
}

# issue_expired NAME HOST: a certificate from the lab CA that was valid only in 2020. `openssl req` and `x509`
# (OpenSSL 3.0) cannot backdate, `openssl ca` can.
issue_expired() {
  local name=$1 host=$2 db="$PKI/ca-db"
  mkdir -p "$db" && : >"$db/index.txt" && echo 1000 >"$db/serial"
  cat >"$db/ca.cnf" <<EOF
[ca]
default_ca = lab
[lab]
database = $db/index.txt
serial = $db/serial
new_certs_dir = $db
certificate = $PKI/ca.crt
private_key = $PKI/ca.key
default_md = sha256
policy = any
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:$host
EOF
  new_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "/CN=$host" -out "$db/$name.csr" 2>/dev/null
  openssl ca -batch -config "$db/ca.cnf" -extensions leaf -in "$db/$name.csr" -out "$PKI/$name.crt" -notext \
    -startdate 20200101000000Z -enddate 20210101000000Z 2>/dev/null
}

# make_pki HOST...: everything above, with a policy host certificate for each HOST (mta-sts.<scenario>.test).
make_pki() {
  mkdir -p "$PKI"
  new_key "$PKI/ca.key"
  openssl req -x509 -new -key "$PKI/ca.key" -days 30 -subj "/CN=STS Inspector lab CA (throwaway)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$PKI/ca.crt" 2>/dev/null

  local san="IP:$LAB_ADDR,DNS:localhost"
  [ "$LAB_HOST_ADDR" = "$LAB_ADDR" ] || san="$san,IP:$LAB_HOST_ADDR"
  issue doh "lab DoH resolver" "$san"
  local host
  for host in "$@"; do issue "$host" "$host" "DNS:$host"; done

  issue wrong-name mta-sts.elsewhere.test "DNS:mta-sts.elsewhere.test"
  issue_expired expired mta-sts.expired.test
  new_key "$PKI/self-signed.key"
  openssl req -x509 -new -key "$PKI/self-signed.key" -days 30 -subj "/CN=mta-sts.self-signed.test" \
    -addext "subjectAltName=DNS:mta-sts.self-signed.test" -out "$PKI/self-signed.crt" 2>/dev/null

  # TLSA 3 1 1 (DANE-EE, SPKI, SHA2-256) of the key the MX hosts would present (RFC 7672 §3.1.1).
  new_key "$PKI/mx.key"
  openssl pkey -in "$PKI/mx.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 >"$PKI/mx-key.sha256"
}
