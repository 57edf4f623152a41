#!/usr/bin/env bash
# A throwaway PostgreSQL server for the service tests: Debian's postgresql,
# initdb in DIR, listening on 127.0.0.1 only, on a free port.
#
#   postgres.sh start DIR   writes DIR/env (PGHOST, PGPORT, PGUSER, PGPASSWORD)
#   postgres.sh stop DIR    stops the server and removes its files
#
# postgres refuses to run as root; as root the server runs as the
# `postgres` user the Debian package creates, with its data in a folder of
# its own under /tmp (DIR may sit where that user cannot reach).
set -euo pipefail
action=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
  start)
    "$0" stop "$dir" 2>/dev/null || true
    mkdir -p "$dir"
    data=$(mktemp -d /tmp/stackctl-test-pg.XXXXXX)
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$password" >"$data/pwfile"
    [ "$(id -u)" -ne 0 ] || chown -R postgres: "$data"
    as_owner "$bindir/initdb" -D "$data/data" -U postgres --pwfile="$data/pwfile" --auth-host=scram-sha-256 \
      --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$data/pwfile"
    # A free port: pick at random until nothing answers there.
    for _ in $(seq 50); do
      port=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    as_owner "$bindir/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$data/server.log" >&2; exit 1; }
    cat >"$dir/env" <<ENV
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=postgres
PGPASSWORD=$password
STACKCTL_TEST_PGDATA=$data
ENV
    chmod 600 "$dir/env"
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)"
    ;;
  stop)
    [ -f "$dir/env" ] || exit 0
    data=$(sed -n 's/^STACKCTL_TEST_PGDATA=//p' "$dir/env")
    if [ -n "$data" ] && [ -f "$data/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null || true
    fi
    [ -z "$data" ] || rm -rf "$data"
    rm -f "$dir/env"
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
