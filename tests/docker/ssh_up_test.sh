#!/usr/bin/env bash
# ssh_up_test.sh STACKCTL
#
# `stackctl up/status/down` on a Docker host reached over ssh (target.host
# ssh://root@127.0.0.1:PORT): a real OpenSSH server on a free loopback port
# with a throw-away host key and client key, whose `docker system dial-stdio`
# reaches this machine's dockerd. ssh reads ~/.ssh from the passwd entry, not
# $HOME, so each stackctl run gets the test's .ssh bind-mounted over that home
# in a private mount namespace (unshare -m): the user's own ~/.ssh is never
# read or written. Then the refusals: an unknown host key, a refused client
# key, an unreachable port, a remote without docker (sshd's ForceCommand runs
# the command with an empty PATH).
# Prints "ok - ..." / "not ok - ..." and closes with "N passed, N failed".
set -uo pipefail

(($# == 1)) || { echo "usage: ssh_up_test.sh STACKCTL" >&2; exit 2; }
stackctl=$(readlink -f "$1")
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "$(id -u)" -ne 0 ]; then exec sudo bash "$0" "$@"; fi # sshd, and the mount namespace, need root
source "$root/tests/lib/project_copy.sh"
source "$root/tests/lib/tap.sh"

unset DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH DOCKER_CONTEXT SSH_AUTH_SOCK
bash "$root/scripts/docker-setup.sh" || { echo "ssh-up: scripts/docker-setup.sh failed" >&2; exit 1; }
for tool in /usr/sbin/sshd ssh ssh-keygen; do
  command -v "$tool" >/dev/null || { echo "ssh-up: $tool missing (run scripts/setup.sh)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/stackctl-ssh-up.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  docker ps -aq --filter label=org.stackctl.instance=sshbox | xargs -r docker rm -f >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server: its own host key, config, authorized_keys, on a free port.
mkdir -p "$work/server" "$work/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/server/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/server/other_host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/stranger_key"
cp "$work/ssh/id_ed25519.pub" "$work/server/authorized_keys"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_sshd() { # NAME HOST_KEY [EXTRA CONFIG LINE]: starts sshd, sets $sshd_port
  local port conf="$work/server/$1.conf"
  port=$(free_port)
  cat >"$conf" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $2
PidFile none
AuthorizedKeysFile $work/server/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel ERROR
${3:-}
CONF
  /usr/sbin/sshd -D -e -f "$conf" </dev/null >>"$work/server/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  sshd_port=$port
}
start_sshd main "$work/server/host_key"
port=$sshd_port
start_sshd nodocker "$work/server/host_key" 'ForceCommand env PATH=/nonexistent sh -c "$SSH_ORIGINAL_COMMAND"'
nodocker_port=$sshd_port
closed_port=$(free_port) # nothing listens there
{
  echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$work/server/host_key.pub")"
  echo "[127.0.0.1]:$nodocker_port $(cut -d' ' -f1-2 "$work/server/host_key.pub")"
} >"$work/ssh/known_hosts"
chmod 700 "$work/ssh"
chmod 600 "$work/ssh/id_ed25519"

# A project of its own: one service with a published port.
project="$work/project"
mkdir -p "$project/environments" "$project/services/echo"
publish=$(free_port)
write_env() { # HOST
  cat >"$project/environments/sshbox.yaml" <<YAML
# Brief 004's physical machine, reached over ssh.
stack: sshtest
target:
  kind: docker
  host: $1
services:
  echo:
    ports: [{name: redis, port: 6380, publish: $publish}]
YAML
}
write_env "ssh://root@127.0.0.1:$port"
cat >"$project/services/echo/service.yaml" <<'YAML'
image: stackctl-test/redis:7
args: ["--port", "6380"]
ports: [{name: redis, port: 6380}]
probes:
  readiness: {exec: [redis-cli, -p, "6380", ping]}
YAML
isolated_secrets_home "$work/home"
pw_home=$(getent passwd "$(id -u)" | cut -d: -f6)
mkdir -p "$work/passwd_home"
cp -a "$work/ssh" "$work/passwd_home/.ssh"
# stackctl with $work/passwd_home over the passwd home dir, only for this process tree.
sc() {
  (cd "$project" && unshare -m sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' \
    "$work/passwd_home" "$pw_home" "$stackctl" "$@")
}
sc secrets keygen >"$work/keygen.out" 2>&1 && sc secrets init sshbox >>"$work/keygen.out" 2>&1 ||
  { echo "ssh-up: could not set up the secrets" >&2; cat "$work/keygen.out" >&2; exit 1; }

if sc up sshbox -o json >"$work/up.json" 2>"$work/up.err"; then ok "up over ssh://"; else not_ok "up over ssh://"; show "$work/up.err"; fi
redis_ping() { # PORT: a RESP PING over bash's /dev/tcp
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  timeout 5 head -c 5 <&3
  exec 3<&-
}
expect_value "the service answers on its published port" "+PONG" "$(redis_ping "$publish" 2>&1)"
expect_value "status over ssh: everything ready" "true" "$(sc status sshbox -o json 2>/dev/null | jq -r .ready)"
if sc down sshbox --purge >"$work/down.out" 2>&1; then ok "down --purge over ssh://"; else not_ok "down"; show "$work/down.out"; fi
expect_value "nothing is left" "0" "$(docker ps -aq --filter label=org.stackctl.instance=sshbox | wc -l)"

refused() { # NAME WANTED-TEXT: `status` fails with exit 1 and that text, without raw ssh noise
  sc status sshbox >"$work/$1.out" 2>&1
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -qF -- "$2" "$work/$1.out" && ! grep -q "@@@\|Host key verification failed" "$work/$1.out"; then
    ok "$1: exit 1, '$2'"
  else
    not_ok "$1 (exit $rc)"
    show "$work/$1.out"
  fi
}
# An unknown host key: another host key on the same address.
cp "$work/passwd_home/.ssh/known_hosts" "$work/known_hosts.good"
sed -i "/^\[127.0.0.1\]:$port /d" "$work/passwd_home/.ssh/known_hosts"
refused "unknown host key" "is not in known_hosts: check the key and add it with \`ssh-keyscan -p $port 127.0.0.1 >> ~/.ssh/known_hosts\` or by running ssh once"
# A changed host key: known_hosts holds another key for that address.
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$work/server/other_host_key.pub")" >>"$work/passwd_home/.ssh/known_hosts"
refused "changed host key" "has changed since it was added to known_hosts"
cp "$work/known_hosts.good" "$work/passwd_home/.ssh/known_hosts"
# A refused key: the server no longer lists ours.
cp "$work/stranger_key.pub" "$work/server/authorized_keys"
refused "refused key" "ssh refused the key for root@127.0.0.1 port $port (Permission denied)"
cp "$work/ssh/id_ed25519.pub" "$work/server/authorized_keys"
write_env "ssh://root@127.0.0.1:$closed_port"
refused "unreachable host" "the host is unreachable over ssh: ssh: connect to host 127.0.0.1 port $closed_port: Connection refused"
write_env "ssh://root@127.0.0.1:$nodocker_port"
refused "no docker on the remote" "the remote root@127.0.0.1 port $nodocker_port has no docker command"
tap_summary
