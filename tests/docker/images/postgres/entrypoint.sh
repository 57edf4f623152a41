#!/usr/bin/env bash
# Entrypoint of stackctl-test/postgres:15 (see Dockerfile): the official
# postgres image's contract on Debian's postgresql-15.
#
# Process layout: started as root, it prepares the data and socket folders,
# drops to the postgres user (setpriv) and makes dumb-init PID 1, which
# rewrites SIGTERM to SIGINT: `docker stop` is PostgreSQL's fast shutdown
# (connected sessions are ended) rather than its smart one, which waits for
# every client to leave. The server itself is dumb-init's only child.
set -Eeuo pipefail

# file_env and asks_for_help
. /usr/local/lib/stackctl/entrypoint-lib.sh

process_init_file() { # FILE: like the official docker_process_init_files
  local f=$1
  case "$f" in
    *.sh)
      if [ -x "$f" ]; then
        echo "$0: running $f"
        "$f"
      else
        echo "$0: sourcing $f"
        # shellcheck disable=SC1090
        . "$f"
      fi
      ;;
    *.sql) echo "$0: running $f"; psql_init -f "$f" ;;
    *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_init ;;
    *.sql.xz) echo "$0: running $f"; xzcat "$f" | psql_init ;;
    *.sql.zst) echo "$0: running $f"; zstd -dc "$f" | psql_init ;;
    *) echo "$0: ignoring $f" ;;
  esac
  echo
}

psql_init() { # psql against the init-time server, in $POSTGRES_DB
  PGHOST=/var/run/postgresql PGPORT=5432 psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

# Read (as root, before dropping privileges, so root-only secret files work)
# and exported, so the entrypoint's second run as postgres sees the values.
setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  export POSTGRES_HOST_AUTH_METHOD="${POSTGRES_HOST_AUTH_METHOD:-}"
}

init_cluster() {

  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    cat >&2 <<'EOM'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
EOM
    exit 1
  fi

  local -a initdb_args=(--username="$POSTGRES_USER")
  # shellcheck disable=SC2206  # word splitting is the contract of POSTGRES_INITDB_ARGS
  initdb_args+=($POSTGRES_INITDB_ARGS)
  if [ -n "$POSTGRES_PASSWORD" ]; then
    initdb --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${initdb_args[@]}"
  else
    initdb "${initdb_args[@]}"
  fi

  # Local and loopback connections keep initdb's trust; every other host
  # authenticates (scram-sha-256, the default password_encryption of 15).
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"

  # An init-time server on the socket only, so nothing outside sees it
  # (and the healthcheck, which uses TCP, stays unhealthy) until it is done.
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start

  if [ "$POSTGRES_DB" != postgres ]; then
    PGHOST=/var/run/postgresql psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
      --username "$POSTGRES_USER" --dbname postgres --set db="$POSTGRES_DB" \
      <<<'CREATE DATABASE :"db" ;'
  fi

  echo
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    process_init_file "$f"
  done

  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w stop
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && ! asks_for_help --describe-config "$@"; then
  setup_env
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA" || :
    chmod 3777 /var/run/postgresql || :
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  if [ "$$" = 1 ]; then
    exec dumb-init --single-child --rewrite 15:2 -- "${BASH_SOURCE[0]}" "$@"
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    init_cluster
  else
    echo
    echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    echo
  fi
  # Nothing from the contract stays in the server's environment.
  unset POSTGRES_PASSWORD
fi

exec "$@"
