# shellcheck shell=bash
# The lab's policy hosts (sourced by lab.sh): one nginx virtual host mta-sts.<scenario>.test on port 443 for
# every scenario with a `mta-sts.txt` or a `site.nginx`.
#
# By default a host presents a certificate for its name from the lab CA and serves the scenario's
# `mta-sts.txt` byte for byte as text/plain at /.well-known/mta-sts.txt (RFC 8461 §3.3); every other path is
# 404. A `site.nginx` adds directives to the server block: with an `ssl_certificate` it replaces the default
# certificate, with a `location = /.well-known/mta-sts.txt` the default policy location. In it, {{pki}} is
# the folder of the lab's certificates, and `proxy_pass http://lab-silent;` hands the request to a server that
# reads it and never answers (nginx then notices at once when the client gives up, and logs it).
#
# Every request ends as one JSON line in www/access.log, written when nginx is done with it: the tests read it
# to see what a server did (status, bytes sent, whether the response was complete).

# policy_hosts: into POLICY_HOSTS, every scenario with a policy host.
policy_hosts() {
  local name
  POLICY_HOSTS=()
  for name in "${SCENARIO_NAMES[@]}"; do
    if [ -f "$SCENARIOS/$name/mta-sts.txt" ] || [ -f "$SCENARIOS/$name/site.nginx" ]; then
      POLICY_HOSTS+=("$name")
    fi
  done
}

# virtual_host SCENARIO: its server block, appended to $HOSTS (bash alone: no process per host).
virtual_host() {
  local name=$1 dir="$SCENARIOS/$1" site="" line lines=()
  if [ -f "$dir/site.nginx" ]; then
    mapfile -t lines <"$dir/site.nginx"
    for line in "${lines[@]}"; do
      line=${line//'{{pki}}'/$PKI}
      site+="        ${line//'{{www}}'/$WWW}"$'\n'
    done
  fi
  # A policy served from the lab's folder (`{{www}}/<scenario>/`) starts as the scenario's own and a test may
  # change it while the lab runs.
  if [[ ${lines[*]} == *'{{www}}'* && -f $dir/mta-sts.txt ]]; then
    mkdir -p "$WWW/$name"
    cp "$dir/mta-sts.txt" "$WWW/$name/mta-sts.txt"
  fi
  HOSTS+="
    server {
        listen $LAB_ADDR:443 ssl;
        server_name mta-sts.$name.test;
        root $dir;
"
  if [[ ! $site =~ (^|$'\n')\ *ssl_certificate\  ]]; then
    HOSTS+="        ssl_certificate $PKI/lab.crt;"$'\n'"        ssl_certificate_key $PKI/leaf.key;"$'\n'
  fi
  if [[ $site != *'location = /.well-known/mta-sts.txt'* ]]; then
    HOSTS+='        location = /.well-known/mta-sts.txt { default_type text/plain; try_files /mta-sts.txt =404; }'$'\n'
  fi
  HOSTS+='        location / { return 404; }'$'\n'"$site"'    }'$'\n'
}

make_https() {
  mkdir -p "$WWW/tmp"
  local name
  HOSTS=""
  policy_hosts
  for name in "${POLICY_HOSTS[@]}"; do virtual_host "$name"; done
  cat >"$WWW/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
daemon off;
worker_processes 1;
user root;
pid $WWW/nginx.pid;
error_log stderr notice;
events { worker_connections 256; }
http {
    # status 499: the client closed the connection first; completion "OK" only when the whole response went out.
    log_format lab escape=json '{"host":"\$host","request":"\$request","status":\$status,"bytesSent":\$bytes_sent,'
        '"bodyBytesSent":\$body_bytes_sent,"contentLength":"\$sent_http_content_length","completion":"\$request_completion"}';
    access_log $WWW/access.log lab;
    client_body_temp_path $WWW/tmp/body;
    proxy_temp_path $WWW/tmp/proxy;
    fastcgi_temp_path $WWW/tmp/fastcgi;
    uwsgi_temp_path $WWW/tmp/uwsgi;
    scgi_temp_path $WWW/tmp/scgi;
    server_tokens off;
    # nginx 1.22 offers only TLS 1.2 by default, one round trip more per fetch than TLS 1.3.
    ssl_protocols TLSv1.2 TLSv1.3;

    # Reads a request and never answers (echo_sleep alone would keep the request open for its whole sleep
    # after the client left, so nothing would be logged).
    upstream lab-silent { server unix:$WWW/silent.sock; }
    server {
        listen unix:$WWW/silent.sock;
        location / { echo_sleep 86400; }
    }

    # A name no scenario has: refuse the TLS handshake (unrecognized_name).
    server {
        listen $LAB_ADDR:443 ssl default_server;
        ssl_reject_handshake on;
    }
$HOSTS}
EOF
}
