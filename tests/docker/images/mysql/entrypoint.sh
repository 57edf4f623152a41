#!/usr/bin/env bash
# Entrypoint of stackctl-test/mysql:8.0 (see Dockerfile): the official mysql
# image's environment contract on Debian's MariaDB. Started as root, it
# prepares the folders, drops to the mysql user (setpriv), initialises
# /var/lib/mysql on first start through a server on the socket only, then
# execs the server: mariadbd is PID 1 and shuts down cleanly on SIGTERM.
set -Eeuo pipefail

datadir=/var/lib/mysql
socket=/run/mysqld/mysqld.sock

log() { printf '%s [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
die() { printf '%s [Entrypoint] [ERROR]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2; exit 1; }

# file_env and asks_for_help
. /usr/local/lib/stackctl/entrypoint-lib.sh

sql_string() { # a value for inside '...' (backslash escapes are on, see below)
  local s=${1//\\/\\\\}
  s=${s//\'/\\\'}
  s=${s//$'\n'/\\n}
  printf '%s' "$s"
}
sql_ident() { printf '%s' "${1//\`/\`\`}"; } # a name for inside `...`

# client [ARGS]: the init-time server as root, over the socket.
root_password=""
client() {
  MYSQL_PWD="$root_password" mariadb --protocol=socket --socket="$socket" -uroot -hlocalhost --no-auto-rehash "$@"
}

process_init_file() {
  local f=$1
  local -a db=()
  [ -n "$MYSQL_DATABASE" ] && db=(--database="$MYSQL_DATABASE")
  case "$f" in
    *.sh)
      if [ -x "$f" ]; then
        log "$0: running $f"
        "$f"
      else
        log "$0: sourcing $f"
        # shellcheck disable=SC1090
        . "$f"
      fi
      ;;
    *.sql) log "$0: running $f"; client "${db[@]}" <"$f" ;;
    *.sql.gz) log "$0: running $f"; gunzip -c "$f" | client "${db[@]}" ;;
    *.sql.xz) log "$0: running $f"; xzcat "$f" | client "${db[@]}" ;;
    *.sql.zst) log "$0: running $f"; zstd -dc "$f" | client "${db[@]}" ;;
    *) log "$0: ignoring $f" ;;
  esac
}

# Read (as root, before dropping privileges, so root-only secret files work)
# and exported, so the entrypoint's second run as mysql sees the values.
setup_env() {
  file_env MYSQL_ROOT_HOST '%'
  file_env MYSQL_DATABASE
  file_env MYSQL_USER
  file_env MYSQL_PASSWORD
  file_env MYSQL_ROOT_PASSWORD
  export MYSQL_ALLOW_EMPTY_PASSWORD="${MYSQL_ALLOW_EMPTY_PASSWORD:-}"
  export MYSQL_RANDOM_ROOT_PASSWORD="${MYSQL_RANDOM_ROOT_PASSWORD:-}"
}

init_database() { # SERVER_COMMAND...

  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    die "Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD"
  fi
  if [ "$MYSQL_USER" = root ]; then
    die 'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user
    Remove MYSQL_USER="root" and use one of the following to control the root user password:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD'
  fi
  if [ -n "$MYSQL_USER" ] && [ -z "$MYSQL_PASSWORD" ]; then
    log 'Warning: MYSQL_USER has been specified without MYSQL_PASSWORD; the user will have no password'
  fi

  log "Initializing database files"
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db --default-time-zone=SYSTEM --enforce-storage-engine= --skip-log-bin \
    --expire-logs-days=0 --loose-innodb_buffer_pool_load_at_startup=0 \
    --loose-innodb_buffer_pool_dump_at_shutdown=0 "${@:2}" >/dev/null
  log "Database files initialized"

  log "Starting temporary server"
  "$@" --skip-networking --default-time-zone=SYSTEM --socket="$socket" --wsrep_on=OFF \
    --expire-logs-days=0 --skip-slave-start --loose-innodb_buffer_pool_load_at_startup=0 \
    --loose-innodb_buffer_pool_dump_at_shutdown=0 &
  local pid=$! i
  for ((i = 0; i < 300; i++)); do
    client --database=mysql <<<'SELECT 1' &>/dev/null && break
    kill -0 "$pid" 2>/dev/null || die "the temporary server exited during initialisation"
    sleep 0.1
  done
  ((i < 300)) || die "the temporary server did not answer within 30 s"
  log "Temporary server started."

  if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    # No `tr </dev/urandom | head`: under pipefail, tr's SIGPIPE ends the script.
    MYSQL_ROOT_PASSWORD="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    log "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
  fi
  local pw host
  pw="$(sql_string "$MYSQL_ROOT_PASSWORD")"
  host="$(sql_string "$MYSQL_ROOT_HOST")"
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    echo "SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');"
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';"
    printf '%s\n' "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\\'', @@hostname, '\\'');"
    echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$pw');"
    if [ "$MYSQL_ROOT_HOST" != localhost ]; then
      echo "CREATE USER 'root'@'$host' IDENTIFIED BY '$pw';"
      echo "GRANT ALL ON *.* TO 'root'@'$host' WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'%' TO 'root'@'$host' WITH GRANT OPTION;"
    fi
    if [ -n "$MYSQL_DATABASE" ]; then
      log "Creating database $MYSQL_DATABASE" >&2
      echo "CREATE DATABASE IF NOT EXISTS \`$(sql_ident "$MYSQL_DATABASE")\`;"
    fi
    if [ -n "$MYSQL_USER" ]; then
      log "Creating user $MYSQL_USER" >&2
      echo "CREATE USER '$(sql_string "$MYSQL_USER")'@'%' IDENTIFIED BY '$(sql_string "$MYSQL_PASSWORD")';"
      if [ -n "$MYSQL_DATABASE" ]; then
        log "Giving user $MYSQL_USER access to schema $MYSQL_DATABASE" >&2
        echo "GRANT ALL ON \`$(sql_ident "$MYSQL_DATABASE")\`.* TO '$(sql_string "$MYSQL_USER")'@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | client --database=mysql
  root_password="$MYSQL_ROOT_PASSWORD"

  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    process_init_file "$f"
  done

  log "Stopping temporary server"
  kill "$pid"
  wait "$pid" || die "the temporary server did not stop cleanly"
  log "Temporary server stopped"
  echo
  log "MySQL init process done. Ready for start up."
  echo
}

if [ "${1:0:1}" = '-' ]; then
  set -- mariadbd "$@"
fi

if [[ "$1" = mariadbd || "$1" = mysqld ]] && ! asks_for_help --print-defaults "$@"; then
  setup_env
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$datadir" /run/mysqld
    find "$datadir" /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
    exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  if [ ! -d "$datadir/mysql" ]; then
    init_database "$@"
  else
    log "Database directory appears to contain a database; skipping initialization"
  fi
  unset MYSQL_ROOT_PASSWORD MYSQL_PASSWORD
fi

exec "$@"
