#!/usr/bin/env bash
# A second, "remote" dockerd on this machine for the remote-host tests:
# TLS-only on 127.0.0.1:<free port>, client certificates required, with its
# own data, exec and containerd state, so it never touches the main daemon.
#
#   remote_dockerd.sh start DIR   generate certs, start it, load the base image
#   remote_dockerd.sh stop DIR    stop it, unmount what it left, remove DIR
#
# DIR (created by start) holds afterwards:
#   host              tcp://127.0.0.1:PORT
#   tls/              the client side: ca.pem, cert.pem, key.pem
#   server/           the daemon side: ca.pem, cert.pem, key.pem
#   ca/               the CA's key (to sign more certificates in tests)
#   docker.sock       a root-only unix socket, for the docker CLI only
#                     (`docker -H unix://DIR/docker.sock load`)
#   dockerd.log, dockerd.pid, data/, exec/
# Keep DIR short (e.g. /tmp/x.XXXXXX): containerd's socket lives under it and
# unix socket paths are limited to 107 bytes.
#
# Why each dockerd flag (they keep the two daemons apart):
#   --data-root, --exec-root, --pidfile, --config-file  no shared files; the
#       managed containerd lives under these roots too (its socket under
#       exec-root); the runc state is under exec-root/runtime-runc
#   --containerd-namespace          separate containerd state even where a system
#                                   containerd (/run/containerd) is shared
#   --bridge=stkr-<pid>             its own default bridge, made here (dockerd
#                                   only creates docker0 itself). Not
#                                   --bridge=none: that makes dockerd delete
#                                   docker0, the main daemon's bridge.
#                                   User-defined bridge networks work either way
#   --iptables=false                two daemons rewriting the same DOCKER chains
#                                   would undo each other; published ports go
#                                   through docker-proxy on 127.0.0.1 instead
#   --default-address-pool          subnets the main daemon never hands out
#                                   (its pools are 172.17-31/16, 192.168/16): a
#                                   10.N.0.0/16 that no interface uses yet, so
#                                   two test runs at once do not clash either
#   --cgroup-parent                 its containers' cgroups apart, for cleanup
set -euo pipefail

die() { echo "remote_dockerd: $*" >&2; exit 1; }
usage() { die "usage: remote_dockerd.sh start|stop DIR"; }
(($# == 2)) || usage
action=$1
dir=$2
[ "$(id -u)" -eq 0 ] || die "needs root (it starts a dockerd)"
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
sock="$dir/docker.sock"
# The docker CLI below means the main daemon (save) or DIR/docker.sock (-H).
unset DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH DOCKER_CONTEXT

# ---- certificates ---------------------------------------------------------------
# EC P-256 keys (fast to make); two days of validity is plenty for a test run.
write_openssl_conf() {
  cat >"$1" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
EOF
}

# make_ca OUT_DIR CN: OUT_DIR/ca.pem and OUT_DIR/ca-key.pem
make_ca() {
  mkdir -p "$1"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=$2" -config "$conf" -extensions ca_ext -keyout "$1/ca-key.pem" -out "$1/ca.pem" 2>/dev/null
}

# sign CA_DIR EXT CN CERT KEY: a new key and a certificate for it signed by CA_DIR
sign() {
  local csr="$4.csr"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=$3" -config "$conf" -keyout "$5" -out "$csr" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$1/ca.pem" -CAkey "$1/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
    -days 2 -extfile "$conf" -extensions "$2" -out "$4" 2>/dev/null
  rm -f "$csr"
  chmod 600 "$5"
}

make_certs() {
  conf="$dir/openssl.cnf"
  write_openssl_conf "$conf"
  make_ca "$dir/ca" "stackctl remote-dockerd test CA"
  mkdir -p "$dir/server" "$dir/tls"
  cp "$dir/ca/ca.pem" "$dir/server/ca.pem"
  cp "$dir/ca/ca.pem" "$dir/tls/ca.pem"
  sign "$dir/ca" server_ext localhost "$dir/server/cert.pem" "$dir/server/key.pem"
  sign "$dir/ca" client_ext stackctl-test-client "$dir/tls/cert.pem" "$dir/tls/key.pem"
}

# ---- start ----------------------------------------------------------------------
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
  die "no free port found"
}

# "10.N" for a 10.N.0.0/16 that no address or route on this machine is in.
free_prefix() {
  local n
  for n in 213 $(shuf -i 200-250); do
    ip -4 route show | grep -qE "^10\.$n\." || ip -4 -o addr show | grep -qE " 10\.$n\." || { echo "10.$n"; return; }
  done
  die "no free 10.N.0.0/16 for the address pool"
}

fail_with_log() {
  echo "remote_dockerd: $1; last lines of $dir/dockerd.log:" >&2
  tail -n 40 "$dir/dockerd.log" >&2 || true
  exit 1
}

answers() {
  curl -sf --max-time 5 --cacert "$dir/tls/ca.pem" --cert "$dir/tls/cert.pem" --key "$dir/tls/key.pem" \
    "https://127.0.0.1:$port/_ping" >/dev/null
}

start() {
  [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir exists and is not empty"
  mkdir -p "$dir"
  chmod 700 "$dir"
  make_certs
  port=$(free_port)
  prefix=$(free_prefix)
  echo "$prefix" >"$dir/pool-prefix"
  local bridge="stkr-$$"
  if ! { ip link add "$bridge" type bridge && ip addr add "$prefix.255.1/24" dev "$bridge" &&
    ip link set "$bridge" up; }; then
    die "cannot create the bridge $bridge"
  fi
  echo "$bridge" >"$dir/bridge"
  # With --iptables=false nothing lets its containers talk to each other,
  # while the main daemon's FORWARD policy drops bridged traffic: accept
  # traffic inside this daemon's pool (DOCKER-USER is consulted first).
  iptables -I DOCKER-USER -s "$prefix.0.0/16" -d "$prefix.0.0/16" -j ACCEPT 2>/dev/null &&
    echo "$prefix.0.0/16" >"$dir/iptables-accept" || true
  echo "{}" >"$dir/daemon.json"  # never /etc/docker/daemon.json
  local name
  name="stackctl-remote-$(basename "$dir" | tr -c 'A-Za-z0-9\n' -)"
  echo "/$name" >"$dir/cgroup-parent"
  # setsid and no inherited descriptors: ctest waits for its children's pipes.
  setsid dockerd \
    --config-file "$dir/daemon.json" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    --containerd-namespace "$name" --containerd-plugins-namespace "$name-plugins" \
    -H "unix://$sock" -H "tcp://127.0.0.1:$port" \
    --tlsverify --tlscacert "$dir/server/ca.pem" --tlscert "$dir/server/cert.pem" --tlskey "$dir/server/key.pem" \
    --bridge="$bridge" --iptables=false --ip-masq=false --default-address-pool "base=$prefix.0.0/16,size=24" \
    --cgroup-parent "/$name" \
    >"$dir/dockerd.log" 2>&1 </dev/null 9>&- &
  local pid=$!
  echo "$pid" >"$dir/launcher.pid"  # the pidfile appears only once dockerd is up
  local deadline=$((SECONDS + 60))
  until answers; do
    kill -0 "$pid" 2>/dev/null || fail_with_log "dockerd exited while starting"
    ((SECONDS < deadline)) || fail_with_log "dockerd did not answer on https://127.0.0.1:$port within 60 s"
    sleep 0.3
  done
  echo "tcp://127.0.0.1:$port" >"$dir/host"
  # No registry here: the base image comes from the main daemon.
  docker save debian:bookworm-slim | docker -H "unix://$sock" load >/dev/null ||
    fail_with_log "loading debian:bookworm-slim into the second daemon failed"
  echo "remote_dockerd: up on tcp://127.0.0.1:$port (pid $pid, TLS client certs in $dir/tls)"
}

# ---- stop -----------------------------------------------------------------------
# Processes this run started: dockerd, and anything whose command line names
# DIR (its containerd, the shims) or that sits in its containers' cgroups.
own_pids() {
  local p cg cmd groups
  cg=$(cat "$dir/cgroup-parent" 2>/dev/null || true)
  for p in /proc/[0-9]*; do
    cmd=$({ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null) || continue  # gone meanwhile
    groups=$(cat "$p/cgroup" 2>/dev/null) || continue
    if [[ $cmd == *"$dir/"* ]] || { [ -n "$cg" ] && [[ $groups == *":$cg/"* ]]; }; then
      echo "${p#/proc/}"
    fi
  done
}

stop() {
  [ -d "$dir" ] || return 0
  local pid=""
  pid=$(cat "$dir/launcher.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # Containers first, through the API, so the shutdown has nothing to wait
    # for; then the networks: dockerd keeps their br-* links when it exits.
    local ids
    mapfile -t ids < <(timeout 30 docker -H "unix://$sock" ps -aq 2>/dev/null || true)
    ((${#ids[@]} == 0)) || timeout 60 docker -H "unix://$sock" rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    timeout 30 docker -H "unix://$sock" network prune -f >/dev/null 2>&1 || true
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "remote_dockerd: dockerd $pid ignored SIGTERM for 20 s; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  local left
  mapfile -t left < <(own_pids | grep -vx "$$" || true)
  if ((${#left[@]})); then
    echo "remote_dockerd: killing leftovers: ${left[*]}" >&2
    kill -KILL "${left[@]}" 2>/dev/null || true
    sleep 0.5
  fi
  # Bridges the prune did not get to (dockerd died): those in this run's pool.
  local prefix link
  prefix=$(cat "$dir/pool-prefix" 2>/dev/null || true)
  if [ -n "$prefix" ]; then
    for link in $(ip -4 -o addr show | awk -v p="$prefix." 'index($4, p) == 1 && $2 ~ /^br-/ { print $2 }'); do
      ip link delete "$link" 2>/dev/null || true
    done
  fi
  local accept
  accept=$(cat "$dir/iptables-accept" 2>/dev/null || true)
  [ -z "$accept" ] || iptables -D DOCKER-USER -s "$accept" -d "$accept" -j ACCEPT 2>/dev/null || true
  local bridge
  bridge=$(cat "$dir/bridge" 2>/dev/null || true)
  [ -z "$bridge" ] || ip link delete "$bridge" 2>/dev/null || true
  # Mounts left under the roots (overlay, netns, shm): deepest first; never
  # delete through a mount.
  { awk '{ print $5 }' /proc/self/mountinfo | grep -F "$dir/" || true; } | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  local cg
  cg=$(cat "$dir/cgroup-parent" 2>/dev/null || true)
  [ -z "$cg" ] || find /sys/fs/cgroup -depth -type d \( -path "*$cg" -o -path "*$cg/*" \) 2>/dev/null |
    while read -r d; do rmdir "$d" 2>/dev/null || true; done
  rm -rf --one-file-system "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
