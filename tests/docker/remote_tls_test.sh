#!/usr/bin/env bash
# remote_tls_test.sh DOCKER_ENGINE_TESTS REMOTE_PING
#
# Remote Docker hosts (target.host tcp://, target.tls_dir) against a real
# TLS daemon: a second dockerd on 127.0.0.1 that requires client
# certificates (remote_dockerd.sh). Proves that
#   - the whole docker_engine_tests suite passes over TLS, through
#     DOCKER_HOST/DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, and really ran there;
#   - endpoint_for_target + Engine (REMOTE_PING) reach it with tls_dir;
#   - it refuses: a CA that did not sign the daemon's certificate, no client
#     certificate, a client certificate from another CA, plain http; and the
#     system's CA store is never trusted in place of ca.pem;
#   - missing TLS files are a target error naming the file.
# Prints "ok - ..." / "not ok - ..." and closes with "N passed, N failed".
set -uo pipefail

(($# == 2)) || { echo "usage: remote_tls_test.sh DOCKER_ENGINE_TESTS REMOTE_PING" >&2; exit 2; }
engine_tests=$1
ping=$2
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "$(id -u)" -ne 0 ]; then exec sudo bash "$0" "$@"; fi  # a second dockerd needs root

unset DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH DOCKER_CONTEXT  # the docker CLI: the main daemon
bash "$root/scripts/docker-setup.sh" || { echo "remote-tls: scripts/docker-setup.sh failed" >&2; exit 1; }

# Short: containerd's socket lives under it (unix socket paths <= 107 bytes).
dir="$(mktemp -d /tmp/stackctl-remote.XXXXXX)"
trap 'bash "$here/remote_dockerd.sh" stop "$dir"' EXIT
trap 'exit 130' INT TERM
bash "$here/remote_dockerd.sh" start "$dir" || exit 1
host="$(cat "$dir/host")"
port="${host##*:}"

source "$root/tests/lib/tap.sh"
# expect DESCRIPTION EXIT_CODE PATTERN COMMAND...: COMMAND exits with
# EXIT_CODE and its output matches the extended regex PATTERN.
expect() {
  local what=$1 want=$2 pattern=$3 out rc
  shift 3
  out="$("$@" 2>&1)"
  rc=$?
  if [ "$rc" = "$want" ] && grep -Eq -- "$pattern" <<<"$out"; then
    ok "$what"
    printf '    %s\n' "${out%%$'\n'*}"
  else
    not_ok "$what (exit $rc, wanted $want and /$pattern/)"
    printf '    %s\n' "${out//$'\n'/$'\n'    }"
  fi
}

# ---- more certificates, for the refusals ------------------------------------------
# tls dirs: bad-ca/ (another CA's ca.pem, the right client cert),
# foreign/ (the right ca.pem, a client cert of the other CA), partial/ (no key).
cnf="$dir/openssl.cnf"
newcert() { # CA_DIR CN CERT KEY
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$2" -config "$cnf" \
    -keyout "$4" -out "$3.csr" 2>/dev/null &&
    openssl x509 -req -in "$3.csr" -CA "$1/ca.pem" -CAkey "$1/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
      -days 2 -extfile "$cnf" -extensions client_ext -out "$3" 2>/dev/null
}
mkdir -p "$dir/other-ca" "$dir/bad-ca" "$dir/foreign" "$dir/partial" "$dir/system-certs"
if ! openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=another CA" \
  -config "$cnf" -extensions ca_ext -keyout "$dir/other-ca/ca-key.pem" -out "$dir/other-ca/ca.pem" 2>/dev/null ||
  ! newcert "$dir/other-ca" foreign-client "$dir/foreign/cert.pem" "$dir/foreign/key.pem"; then
  echo "remote-tls: openssl failed" >&2
  exit 1
fi
cp "$dir/other-ca/ca.pem" "$dir/bad-ca/ca.pem"
cp "$dir/tls/cert.pem" "$dir/tls/key.pem" "$dir/bad-ca/"
cp "$dir/tls/ca.pem" "$dir/foreign/ca.pem"
cp "$dir/tls/ca.pem" "$dir/tls/cert.pem" "$dir/partial/"

# ---- endpoint_for_target + Engine -----------------------------------------------
expect "tcp:// + tls_dir reaches the TLS daemon" 0 '^ok: dockerd ' "$ping" "$host" "$dir/tls"
# shellcheck disable=SC2088  # a literal ~/: endpoint_for_target expands it
expect "tls_dir as ~/..., with HOME" 0 '^ok: dockerd ' env HOME="$dir" "$ping" "$host" "~/tls"
expect "tcp://127.0.0.1 without a port in the URL means 2376, not 2375" 1 'tcp://127.0.0.1:2376' \
  "$ping" "tcp://127.0.0.1" "$dir/tls"
expect "a CA that did not sign the daemon's certificate is refused" 1 'SSL certificate problem' \
  "$ping" "$host" "$dir/bad-ca"
# TLS 1.3: the daemon checks the client's certificate after the client thinks
# the handshake is done, so the client sees either its alert ("bad
# certificate") or just the closed connection, whichever comes first.
expect "no client certificate is refused by the daemon" 1 "cannot reach the Docker daemon at $host: " \
  "$ping" "$host" "$dir/tls" --no-client-cert
expect "a client certificate from another CA is refused by the daemon" 1 \
  "cannot reach the Docker daemon at $host: " "$ping" "$host" "$dir/foreign"
expect "plain http to the TLS port gets nothing" 1 'HTTP request to an HTTPS server' "$ping" "$host" ""
expect "a tls_dir without key.pem names the file and the key" 2 \
  "target.tls_dir: missing $dir/partial/key.pem \\(" "$ping" "$host" "$dir/partial"

# Only ca.pem may vouch for the daemon, as with the docker CLI: with the
# daemon's CA in the system store (/etc/ssl/certs, replaced in a private
# mount namespace for this one command) and another CA in ca.pem, still no.
cp "$dir/tls/ca.pem" "$dir/system-certs/stackctl-test-ca.pem"
openssl rehash "$dir/system-certs" 2>/dev/null || c_rehash "$dir/system-certs" >/dev/null
# shellcheck disable=SC2016  # $1.. belong to the inner sh
expect "the system CA store is not trusted in place of ca.pem" 1 'SSL certificate problem' \
  unshare --mount --propagation private sh -c 'mount --bind "$1" /etc/ssl/certs && exec "$2" "$3" "$4"' \
  sh "$dir/system-certs" "$ping" "$host" "$dir/bad-ca"
# Control: the same store does make plain curl, which keeps its default CA
# folder beside --cacert, trust the daemon (so the check above means something).
# shellcheck disable=SC2016
expect "(control: curl with that store and the other CA as --cacert trusts the daemon)" 0 '^OK$' \
  unshare --mount --propagation private sh -c \
  'mount --bind "$1" /etc/ssl/certs && curl -sS --cacert "$2/ca.pem" --cert "$2/cert.pem" --key "$2/key.pem" "$3"' \
  sh "$dir/system-certs" "$dir/bad-ca" "https://127.0.0.1:$port/_ping"

# ---- the engine suite over TLS ------------------------------------------------
since=$(date +%s)
log="$dir/engine-tests.log"
DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$dir/tls" "$engine_tests" >"$log" 2>&1 &
suite_pid=$!  # its containers are named stackctl-engine-<what>-<pid>
if wait "$suite_pid"; then
  ok "docker_engine_tests over TLS: $(grep -E '^\[doctest\] (test cases|assertions)' "$log" | tr -s ' ' | paste -sd ';')"
else
  not_ok "docker_engine_tests over TLS"
  sed 's/^/    /' "$log" | tail -n 80
fi
# ... and it ran on the second daemon, not the main one (where another
# ctest run may be creating containers of its own meanwhile).
until=$(($(date +%s) + 1))
events() { docker "$@" events --since "$since" --until "$until" --filter label=stackctl.test=engine \
  --filter type=container --filter event=create --format '{{.Actor.Attributes.name}}' 2>/dev/null |
  grep -c -- "-$suite_pid\$"; }
remote_creates=$(events -H "unix://$dir/docker.sock")
main_creates=$(events)
if [ "$remote_creates" -gt 0 ] && [ "$main_creates" -eq 0 ]; then
  ok "the suite's $remote_creates containers were created on the TLS daemon, none on the main one"
else
  not_ok "containers created: $remote_creates on the TLS daemon, $main_creates on the main one"
fi

echo "$passed passed, $failed failed"
((failed == 0))
