#!/usr/bin/env bash
# remote_up_test.sh STACKCTL
#
# `stackctl up/status/logs/down` on a remote Docker host: an environment
# whose target is `host: tcp://127.0.0.1:PORT` with `tls_dir`, served by a
# second, TLS-only dockerd (remote_dockerd.sh). A redis dependency (with a
# password from the secrets file), a service that needs it and publishes a
# port through its relay, and a readiness probe run there (it reads the
# password from /run/secrets/CACHE_PASSWORD, a file written through the TLS
# daemon's archive API), and nothing of it lands on the main daemon.
# Prints "ok - ..." / "not ok - ..." and closes with "N passed, N failed".
set -uo pipefail

(($# == 1)) || { echo "usage: remote_up_test.sh STACKCTL" >&2; exit 2; }
stackctl=$(readlink -f "$1")
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "$(id -u)" -ne 0 ]; then exec sudo bash "$0" "$@"; fi # a second dockerd needs root
source "$root/tests/lib/project_copy.sh"
source "$root/tests/lib/tap.sh"

unset DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH DOCKER_CONTEXT
bash "$root/scripts/docker-setup.sh" || { echo "remote-up: scripts/docker-setup.sh failed" >&2; exit 1; }

dir="$(mktemp -d /tmp/stackctl-remote.XXXXXX)"
work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-remote-up.XXXXXX")"
trap 'bash "$here/remote_dockerd.sh" stop "$dir"; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
bash "$here/remote_dockerd.sh" start "$dir" || exit 1
host="$(cat "$dir/host")"
remote=(docker -H "unix://$dir/docker.sock")
docker save stackctl-test/redis:7 | "${remote[@]}" load >/dev/null || { echo "remote-up: image load failed" >&2; exit 1; }


# A project of its own: one dependency, one service, one published port.
project="$work/project"
mkdir -p "$project/environments" "$project/services/echo"
port=$(shuf -i 20000-29999 -n 1)
cat >"$project/environments/box.yaml" <<EOF
# Brief 004's physical machine: a Docker Engine reached over TLS.
stack: remote
target:
  kind: docker
  host: $host
  tls_dir: $dir/tls
images: {redis: "stackctl-test/redis:7"}
dependencies:
  cache: {kind: redis, version: "7"}
services:
  echo:
    ports: [{name: redis, port: 6380, publish: $port}]
EOF
cat >"$project/services/echo/service.yaml" <<'EOF'
# A second redis server: it answers through its relay, once the cache does.
image: stackctl-test/redis:7
args: ["--port", "6380"]
ports: [{name: redis, port: 6380}]
probes:
  readiness: {exec: [sh, -c, 'REDISCLI_AUTH="$(cat "$CACHE_PASSWORD_FILE")" redis-cli -h cache ping | grep -q PONG && redis-cli -p 6380 ping']}
requires: [cache]
env:
  CACHE_PASSWORD: ${secret:cache-password}
EOF
isolated_secrets_home "$work/home"
sc() { (cd "$project" && "$stackctl" "$@"); }
sc secrets keygen >/dev/null 2>&1 && sc secrets init box >/dev/null 2>&1 && sc secrets generate box --missing >/dev/null 2>&1 ||
  { echo "remote-up: could not set up the secrets" >&2; exit 1; }

# Releases go to a team remote as well (docs/releases.md).
git init -q --bare "$work/team.git"
export STACKCTL_RELEASE_REMOTE="$work/team.git"
if sc up box -o json >"$work/up.json" 2>"$work/up.err"; then ok "up box on the TLS daemon"; else not_ok "up box"; show "$work/up.err"; fi
expect_value "the endpoint is the relay's port on loopback" "127.0.0.1:$port" \
  "$(jq -r '.endpoints[0].url' "$work/up.json" 2>/dev/null)"
redis_ping() { # PORT: a RESP PING over bash's /dev/tcp (no redis-cli on the host)
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  timeout 5 head -c 5 <&3
  exec 3<&-
}
expect_value "the service answers through the relay" "+PONG" "$(redis_ping "$port" 2>&1)"
expect_value "its containers run on the remote daemon" "3" \
  "$("${remote[@]}" ps -aq --filter label=org.stackctl.instance=box | wc -l)"
expect_value "and none on the main one" "0" "$(docker ps -aq --filter label=org.stackctl.instance=box | wc -l)"
expect_value "status over TLS: everything ready" "true" "$(sc status box -o json 2>/dev/null | jq -r .ready)"
expect_value "release 1 is on the team remote" "1" "$(git --git-dir "$work/team.git" rev-list --count box 2>&1)"
expect_value "a teammate's fresh store sees it" "1" \
  "$(STACKCTL_RELEASE_STORE="$work/teammate.git" sc history box -o json 2>/dev/null | jq -r '.[0].release')"
sc up box >"$work/up2.out" 2>"$work/up2.err"
grep -q "No changes" "$work/up2.err" && ok "a second up changes nothing" || { not_ok "second up"; show "$work/up2.err"; }
grep -q "Ready to accept connections" <(sc logs box cache 2>&1) && ok "logs of the remote cache" || not_ok "remote logs"
sc down box --purge >"$work/down.out" 2>&1 && ok "down --purge" || { not_ok "down"; show "$work/down.out"; }
expect_value "nothing is left on the remote daemon" "0 0 0" \
  "$("${remote[@]}" ps -aq --filter label=org.stackctl.instance=box | wc -l) \
$("${remote[@]}" network ls -q --filter label=org.stackctl.instance=box | wc -l) \
$("${remote[@]}" volume ls -q --filter label=org.stackctl.instance=box | wc -l)"

# A wrong tls_dir is a clear error naming the key, before anything runs.
sed -i "s|tls_dir: .*|tls_dir: $work/nowhere|" "$project/environments/box.yaml"
sc up box >"$work/bad.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "target.tls_dir" "$work/bad.out" && ok "a missing tls_dir fails, naming target.tls_dir" ||
  { not_ok "bad tls_dir (exit $rc)"; show "$work/bad.out"; }

tap_summary
