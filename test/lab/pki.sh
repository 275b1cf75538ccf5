# shellcheck shell=bash
# The lab's throwaway PKI, made anew at every start (sourced by lab.sh): a test CA; one certificate for the DoH
# resolver and every policy host (one subjectAltName each, as a hosting provider's certificate would have); the
# three bad certificates the scenarios use; and the MX hosts' key for TLSA records. Every certificate has the same
# key, so the whole PKI takes seven openssl runs. Nothing here is ever committed; the CA key dies with the run
# folder.

# openssl_quiet ARGS…: run openssl, showing its output only when it fails.
openssl_quiet() {
  local out
  out=$(openssl "$@" 2>&1) || { echo "lab: openssl $1 failed: $out" >&2; return 1; }
}

# backdated CSR_OR_CERT NAME HOST: a certificate from the lab CA for HOST, valid only in 2020, as NAME.crt.
# `openssl req` and `x509` (OpenSSL 3.0) cannot backdate, `openssl ca` can; it re-signs a self-signed
# certificate (-ss_cert) with the subject and extensions given here.
backdated() {
  local from=$1 name=$2 host=$3 db="$PKI/ca-db"
  mkdir -p "$db" && : >"$db/index.txt" && echo 1000 >"$db/serial"
  cat >"$db/ca.cnf" <<EOF2
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
EOF2
  openssl_quiet ca -batch -config "$db/ca.cnf" -extensions leaf -ss_cert "$from" -subj "/CN=$host" \
    -out "$PKI/$name.crt" -notext -startdate 20200101000000Z -enddate 20210101000000Z
}

# make_pki HOST...: everything above; the shared certificate names every HOST (mta-sts.<scenario>.test).
# Files: ca.crt/ca.key, leaf.key (the key of every other certificate), lab.crt (DoH resolver and policy
# hosts), wrong-name.crt, expired.crt, self-signed.crt, mx-key.sha256.
make_pki() {
  mkdir -p "$PKI"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl_quiet req -x509 "${ec[@]}" -keyout "$PKI/ca.key" -days 30 \
    -subj "/CN=STS Inspector lab CA (throwaway)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$PKI/ca.crt"
  openssl_quiet genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/leaf.key"

  local san="IP:$LAB_ADDR,DNS:localhost" host
  [ "$LAB_HOST_ADDR" = "$LAB_ADDR" ] || san+=",IP:$LAB_HOST_ADDR"
  for host in "$@"; do san+=",DNS:$host"; done
  local leaf=(-x509 -new -key "$PKI/leaf.key" -days 30 -addext "basicConstraints=critical,CA:FALSE"
    -addext "extendedKeyUsage=serverAuth")
  openssl_quiet req "${leaf[@]}" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -subj "/CN=STS Inspector lab" \
    -addext "subjectAltName=$san" -out "$PKI/lab.crt"
  openssl_quiet req "${leaf[@]}" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -subj "/CN=mta-sts.elsewhere.test" \
    -addext "subjectAltName=DNS:mta-sts.elsewhere.test" -out "$PKI/wrong-name.crt"
  openssl_quiet req "${leaf[@]}" -subj "/CN=mta-sts.self-signed.test" \
    -addext "subjectAltName=DNS:mta-sts.self-signed.test" -out "$PKI/self-signed.crt"
  backdated "$PKI/self-signed.crt" expired mta-sts.expired.test

  # TLSA 3 1 1 (DANE-EE, SPKI, SHA2-256) of the key the MX hosts would present (RFC 7672 §3.1.1).
  local digest
  digest=$(openssl pkey -in "$PKI/leaf.key" -pubout -outform DER | sha256sum)
  echo "${digest%% *}" >"$PKI/mx-key.sha256"
}
