#!/usr/bin/env bash
# Proves that the stand-in dependency images (tests/docker/images/, built from
# Debian packages by scripts/docker-setup.sh, no registry) honour the
# contracts of the official images they replace, against the real dockerd:
#
#   postgres:15  POSTGRES_USER/PASSWORD/DB, initdb.d, scram for remote hosts,
#                runs as postgres, restart keeps the data, fast stop on SIGTERM
#   mysql:8.0    MYSQL_ROOT_PASSWORD/DATABASE/USER/PASSWORD, initdb.d
#   redis:7      REDIS_PASSWORD (AUTH required), append-only /data, open
#                to other containers without a password
#   activemq:5   ACTIVEMQ_CONNECTION_USER/PASSWORD on STOMP (and anonymous
#                access without them), a message goes through a queue
#
# and that `docker stop` ends each in under 10 s with a clean exit. Clients
# run in a second container of the same image on a user-defined network, or
# on the host through ports published on 127.0.0.1 only. Everything it
# creates (labelled org.stackctl.test.run=<id>) is removed on exit.
#
# Prints "ok - ..." / "not ok - ..." lines and closes with "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"

bash "$root/scripts/docker-setup.sh" || { echo "stand-ins: scripts/docker-setup.sh failed" >&2; exit 1; }

source "$root/tests/lib/docker_cli.sh"

run_id="stand-ins-$$"
net="stackctl-test-net-$$"
label=(--label "org.stackctl.test.run=$run_id")
work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-stand-ins.XXXXXX")"

cleanup() {
  local ids
  mapfile -t ids < <(docker ps -aq --filter "label=org.stackctl.test.run=$run_id")
  ((${#ids[@]})) && docker rm -f -v "${ids[@]}" >/dev/null 2>&1
  docker network rm "$net" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source "$root/tests/lib/tap.sh"
# expect DESCRIPTION WANTED COMMAND...: passes when COMMAND prints WANTED (trimmed).
expect() {
  local what=$1 want=$2 out
  shift 2
  out="$("$@" 2>&1)"
  out="${out%$'\n'}"
  if [ "$out" = "$want" ]; then ok "$what"; else not_ok "$what"; echo "    wanted: $want"; echo "    got:    ${out//$'\n'/$'\n'            }"; fi
}
# contains DESCRIPTION NEEDLE COMMAND...: passes when COMMAND's output (any exit) has NEEDLE.
contains() {
  local what=$1 needle=$2 out
  shift 2
  out="$("$@" 2>&1)"
  if [[ "$out" == *"$needle"* ]]; then ok "$what"; else not_ok "$what"; echo "    wanted to see: $needle"; echo "    got: ${out//$'\n'/$'\n'         }"; fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); } # MS -> "1.2 s"

# wait_healthy NAME [SECONDS]: waits for the container's HEALTHCHECK.
wait_healthy() {
  local name=$1 limit=${2:-120} t0 state
  t0=$(now_ms)
  while :; do
    state="$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$name" 2>&1)"
    case "$state" in
      "running healthy")
        ok "$name healthy (waited $(secs $(($(now_ms) - t0))))"
        return 0 ;;
      running*) ;;
      *)
        not_ok "$name healthy (state: $state)"
        docker logs --tail 30 "$name" 2>&1 | sed 's/^/    /'
        return 1 ;;
    esac
    if (( $(now_ms) - t0 > limit * 1000 )); then
      not_ok "$name healthy within ${limit} s (state: $state)"
      docker logs --tail 30 "$name" 2>&1 | sed 's/^/    /'
      return 1
    fi
    sleep 0.5
  done
}

# stop_fast NAME: `docker stop` (SIGTERM, 10 s grace) returns in < 10 s and
# the main process exited cleanly (0, or 143 for a JVM that ends on SIGTERM).
stop_fast() {
  local name=$1 t0 ms code
  t0=$(now_ms)
  docker stop -t 10 "$name" >/dev/null
  ms=$(($(now_ms) - t0))
  code="$(docker inspect -f '{{.State.ExitCode}}' "$name")"
  if ((ms < 10000)) && { [ "$code" = 0 ] || [ "$code" = 143 ]; }; then
    ok "$name stops on SIGTERM in $(secs "$ms") (exit $code)"
  else
    not_ok "$name stops on SIGTERM in < 10 s with a clean exit (took ${ms} ms, exit $code)"
    docker logs --tail 20 "$name" 2>&1 | sed 's/^/    /'
  fi
}

# proc_uids NAME: the distinct uids of the container's main process and its
# descendants. Processes started by `docker exec` (the HEALTHCHECK every 2 s
# runs as root, as in the official images) are not part of the server.
proc_uids() {
  local init
  init="$(docker inspect -f '{{.State.Pid}}' "$1")" || return 1
  docker top "$1" -eo pid,ppid,uid | awk -v init="$init" '
    NR > 1 { parent[$1] = $2; uid[$1] = $3 }
    END {
      for (p in uid) {
        for (q = p; q in parent && q != init; q = parent[q]) {}
        if (q == init) print uid[p]
      }
    }' | sort -u
}

# host_port NAME PORT: the 127.0.0.1 port published for PORT.
host_port() { docker port "$1" "$2/tcp" | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -1; }

# stomp PORT LOGIN PASSCODE [EXTRA_FRAMES]: CONNECTs over bash's /dev/tcp to
# 127.0.0.1:PORT (empty LOGIN: no credentials), sends EXTRA_FRAMES, prints
# the commands of the frames received (and MESSAGE bodies) until EOF or 5 s
# of silence.
stomp() {
  local port=$1 login=$2 pass=$3 extra=${4:-} fd frame
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
  {
    printf 'CONNECT\naccept-version:1.2\nhost:localhost\n'
    [ -n "$login" ] && printf 'login:%s\npasscode:%s\n' "$login" "$pass"
    printf '\n\0'
    printf '%b' "$extra"
  } >&"$fd"
  while IFS= read -r -d '' -t 5 frame <&"$fd"; do
    frame="${frame#"${frame%%[!$'\n']*}"}" # heart-beat newlines before a frame
    echo "${frame%%$'\n'*}"
    [[ "$frame" == MESSAGE$'\n'* ]] && echo "body:${frame##*$'\n\n'}"
    [[ "$frame" == ERROR$'\n'* || "$frame" == MESSAGE$'\n'* ]] && break
    [[ "$frame" == RECEIPT$'\n'*receipt-id:bye* ]] && break
  done
  exec {fd}>&-
}

if ! docker network create "${label[@]}" "$net" >/dev/null; then
  echo "stand-ins: cannot create network $net" >&2
  exit 1
fi

# ---- start everything at once (the waits overlap) ---------------------------
mkdir -p "$work/pg-init" "$work/my-init"
cat >"$work/pg-init/01-schema.sql" <<'SQL'
CREATE TABLE greeting (id int PRIMARY KEY, word text NOT NULL);
INSERT INTO greeting VALUES (1, 'hello from initdb.d');
SQL
cat >"$work/pg-init/02-marker.sh" <<'SH'
# sourced (not executable): the official image sources such files
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "CREATE TABLE sourced_marker AS SELECT current_user AS who"
SH
cat >"$work/my-init/01-schema.sql" <<'SQL'
CREATE TABLE greeting (id INT PRIMARY KEY, word VARCHAR(64) NOT NULL);
INSERT INTO greeting VALUES (1, 'hello from initdb.d');
SQL

# create_with_init NAME INIT_DIR DOCKER_RUN_ARGS...: create, copy the init
# scripts in (docker cp works with any daemon, local or not), start.
create_with_init() {
  local name=$1 init=$2
  shift 2
  docker create --name "$name" "${label[@]}" --network "$net" "$@" >/dev/null &&
    docker cp "$init/." "$name:/docker-entrypoint-initdb.d/" &&
    docker start "$name" >/dev/null
}

pg="stackctl-test-pg-$$"
my="stackctl-test-my-$$"
rs="stackctl-test-redis-$$"
rs_open="stackctl-test-redis-open-$$"
rs_file="stackctl-test-redis-file-$$"
amq="stackctl-test-amq-$$"
amq_anon="stackctl-test-amq-anon-$$"

# Passwords with spaces, quotes, $ and a backslash, which must survive as given.
# shellcheck disable=SC2016
{
  pg_pw='pg s3cret:$x"y'"'"'z'
  my_pw='my s3cret$x"y'"'"'z'
  my_root_pw='root pw\with$backslash'
}

create_with_init "$pg" "$work/pg-init" --network-alias pg -p 127.0.0.1::5432 \
  -e POSTGRES_USER=app -e POSTGRES_PASSWORD="$pg_pw" -e POSTGRES_DB=appdb \
  stackctl-test/postgres:15 || not_ok "start $pg"
create_with_init "$my" "$work/my-init" --network-alias my \
  -e MYSQL_ROOT_PASSWORD="$my_root_pw" -e MYSQL_DATABASE=appdb \
  -e MYSQL_USER=app -e MYSQL_PASSWORD="$my_pw" \
  stackctl-test/mysql:8.0 || not_ok "start $my"
docker run -d --name "$rs" "${label[@]}" --network "$net" --network-alias redis \
  -e REDIS_PASSWORD='r3dis pw' stackctl-test/redis:7 >/dev/null || not_ok "start $rs"
docker run -d --name "$rs_open" "${label[@]}" --network "$net" --network-alias redis-open \
  stackctl-test/redis:7 >/dev/null || not_ok "start $rs_open"
# REDIS_PASSWORD_FILE, with a secret only root may read (like a Docker secret
# file of mode 600): read before the entrypoint drops to the redis user.
printf 'from a file' >"$work/redis-pw" && chmod 600 "$work/redis-pw"
{ docker create --name "$rs_file" "${label[@]}" --network "$net" --network-alias redis-file \
    -e REDIS_PASSWORD_FILE=/etc/redis-pw stackctl-test/redis:7 >/dev/null &&
  docker cp "$work/redis-pw" "$rs_file:/etc/redis-pw" &&
  docker start "$rs_file" >/dev/null; } || not_ok "start $rs_file"
docker run -d --name "$amq" "${label[@]}" --network "$net" -p 127.0.0.1::61613 \
  -e ACTIVEMQ_CONNECTION_USER=amq -e ACTIVEMQ_CONNECTION_PASSWORD='amq pw&<x>' \
  stackctl-test/activemq:5 >/dev/null || not_ok "start $amq"
docker run -d --name "$amq_anon" "${label[@]}" --network "$net" -p 127.0.0.1::61613 \
  stackctl-test/activemq:5 >/dev/null || not_ok "start $amq_anon"

# Refusals need no waiting: an uninitialised server without a password exits.
contains "postgres refuses to initialise without POSTGRES_PASSWORD" \
  "superuser password is not specified" \
  docker run --rm "${label[@]}" stackctl-test/postgres:15
contains "mysql refuses to initialise without a root password option" \
  "password option is not specified" \
  docker run --rm "${label[@]}" stackctl-test/mysql:8.0

# ---- postgres -------------------------------------------------------------------
# client [psql args]: psql in a second container of the image, over the network.
pg_client() { docker run --rm -i "${label[@]}" --network "$net" -e PGPASSWORD="$1" stackctl-test/postgres:15 \
  psql -h pg -U app -d appdb -v ON_ERROR_STOP=1 -tA "${@:2}"; }
if wait_healthy "$pg"; then
  expect "postgres: POSTGRES_USER/PASSWORD/DB work from another container" "app appdb" \
    pg_client "$pg_pw" -c "SELECT current_user || ' ' || current_database()"
  expect "postgres: initdb.d .sql ran in POSTGRES_DB" "hello from initdb.d" \
    pg_client "$pg_pw" -c "SELECT word FROM greeting WHERE id = 1"
  expect "postgres: initdb.d .sh was sourced" "app" \
    pg_client "$pg_pw" -c "SELECT who FROM sourced_marker"
  contains "postgres: a wrong password is refused (scram-sha-256)" \
    'password authentication failed for user "app"' \
    pg_client "not-the-password" -c "SELECT 1"
  expect "postgres: the password is stored as SCRAM" "t" \
    pg_client "$pg_pw" -c "SELECT rolpassword LIKE 'SCRAM-SHA-256\$%' FROM pg_authid WHERE rolname = 'app'"
  expect "postgres: every process of the container runs as uid 999 (postgres)" "999" \
    proc_uids "$pg"
  port="$(host_port "$pg" 5432)"
  if command -v psql >/dev/null; then
    expect "postgres: reachable from the host on 127.0.0.1:$port" "1" \
      env PGPASSWORD="$pg_pw" PGCONNECT_TIMEOUT=10 psql -h 127.0.0.1 -p "$port" -U app -d appdb -tA -c "SELECT 1"
  else
    check "postgres: port published on 127.0.0.1 ($port)" test -n "$port"
  fi
  # A session that stays connected: smart shutdown would wait for it until
  # SIGKILL; the image's SIGTERM -> fast shutdown ends it.
  docker exec -d "$pg" psql -U app -d appdb -c "SELECT pg_sleep(60)"
  sleep 1
  stop_fast "$pg"
  contains "postgres: stopped with a fast shutdown" "fast shutdown request" docker logs "$pg"
  docker start "$pg" >/dev/null
  if wait_healthy "$pg" 60; then
    expect "postgres: data survives a restart (volume kept, no second init)" "hello from initdb.d" \
      pg_client "$pg_pw" -c "SELECT word FROM greeting WHERE id = 1"
  fi
  stop_fast "$pg"
fi

# ---- mysql (MariaDB) ---------------------------------------------------------
my_client() { docker run --rm -i "${label[@]}" --network "$net" -e MYSQL_PWD="$2" stackctl-test/mysql:8.0 \
  mariadb -h my -u "$1" --batch --skip-column-names "${@:3}"; }
if wait_healthy "$my"; then
  expect "mysql: MYSQL_USER logs in to MYSQL_DATABASE with MYSQL_PASSWORD" "app appdb" \
    my_client app "$my_pw" appdb -e "SELECT CONCAT(SUBSTRING_INDEX(CURRENT_USER(), '@', 1), ' ', DATABASE())"
  expect "mysql: initdb.d .sql ran in MYSQL_DATABASE" "hello from initdb.d" \
    my_client app "$my_pw" appdb -e "SELECT word FROM greeting WHERE id = 1"
  contains "mysql: MYSQL_USER has no rights beyond MYSQL_DATABASE" "Access denied" \
    my_client app "$my_pw" -e "CREATE DATABASE other"
  expect "mysql: root logs in from another host with MYSQL_ROOT_PASSWORD" "root@%" \
    my_client root "$my_root_pw" -e "SELECT CURRENT_USER()"
  contains "mysql: a wrong password is refused" "Access denied" \
    my_client app "not-the-password" appdb -e "SELECT 1"
  expect "mysql: every process of the container runs as uid 999 (mysql)" "999" \
    proc_uids "$my"
  stop_fast "$my"
fi

# ---- redis -------------------------------------------------------------------
redis_cli() { # HOST PASSWORD ARGS...
  local auth=()
  [ -n "$2" ] && auth=(-e REDISCLI_AUTH="$2")
  docker run --rm -i "${label[@]}" --network "$net" "${auth[@]}" stackctl-test/redis:7 redis-cli -h "$1" "${@:3}"
}
if wait_healthy "$rs"; then
  contains "redis: with REDIS_PASSWORD, commands need AUTH" "NOAUTH" redis_cli redis "" SET k v
  contains "redis: a wrong password is refused" "WRONGPASS" redis_cli redis "not-the-password" PING
  expect "redis: SET with the password" "OK" redis_cli redis 'r3dis pw' SET stackctl-test-key 'it works'
  expect "redis: GET with the password" "it works" redis_cli redis 'r3dis pw' GET stackctl-test-key
  expect "redis: append-only persistence" $'appendonly\nyes' redis_cli redis 'r3dis pw' CONFIG GET appendonly
  expect "redis: data in /data" $'dir\n/data' redis_cli redis 'r3dis pw' CONFIG GET dir
  stop_fast "$rs"
fi
if wait_healthy "$rs_file"; then
  contains "redis: with REDIS_PASSWORD_FILE, commands need AUTH" "NOAUTH" redis_cli redis-file "" SET k v
  expect "redis: the password from REDIS_PASSWORD_FILE works" "PONG" redis_cli redis-file 'from a file' PING
  stop_fast "$rs_file"
fi
if wait_healthy "$rs_open"; then
  expect "redis: without REDIS_PASSWORD, other containers connect (protected mode off)" "PONG" \
    redis_cli redis-open "" PING
  stop_fast "$rs_open"
fi

# ---- activemq ----------------------------------------------------------------
if wait_healthy "$amq" 180; then
  port="$(host_port "$amq" 61613)"
  expect "activemq: STOMP CONNECT with ACTIVEMQ_CONNECTION_USER/PASSWORD (127.0.0.1:$port)" $'CONNECTED\nRECEIPT' \
    stomp "$port" amq 'amq pw&<x>' 'DISCONNECT\nreceipt:bye\n\n\0'
  contains "activemq: a wrong password gets an ERROR frame" "ERROR" stomp "$port" amq wrong
  contains "activemq: no credentials get an ERROR frame" "ERROR" stomp "$port" "" ""
  expect "activemq: a message goes through a queue" $'CONNECTED\nRECEIPT\nMESSAGE\nbody:hello stand-in' \
    stomp "$port" amq 'amq pw&<x>' \
    'SUBSCRIBE\nid:0\ndestination:/queue/stackctl-test\nack:auto\nreceipt:sub\n\n\0SEND\ndestination:/queue/stackctl-test\ncontent-type:text/plain\n\nhello stand-in\0'
  stop_fast "$amq"
  contains "activemq: the broker shut down cleanly" "is shutdown" docker logs "$amq"
fi
if wait_healthy "$amq_anon" 180; then
  port="$(host_port "$amq_anon" 61613)"
  expect "activemq: without ACTIVEMQ_CONNECTION_USER anyone connects" $'CONNECTED\nRECEIPT' \
    stomp "$port" "" "" 'DISCONNECT\nreceipt:bye\n\n\0'
  stop_fast "$amq_anon"
fi

echo
echo "stand-ins: $passed passed, $failed failed"
((failed == 0))
