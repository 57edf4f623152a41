#!/usr/bin/env bash
# Entrypoint of stackctl-test/redis:7 (see Dockerfile). Started as root, it
# fixes /data, drops to the redis user (setpriv) and execs redis-server with a
# generated configuration (mode 600, so the password is in no command line):
#
#   bind 0.0.0.0, protected-mode no, dir /data, appendonly yes,
#   [include the config file given as first argument,]
#   [requirepass $REDIS_PASSWORD]
#
# then any further arguments, which win. redis-server is PID 1 and saves and
# exits on SIGTERM. `healthcheck` is the image's HEALTHCHECK.
set -Eeuo pipefail

if [ -n "${REDIS_PASSWORD:-}" ] && [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
  echo "error: both REDIS_PASSWORD and REDIS_PASSWORD_FILE are set (but are exclusive)" >&2
  exit 1
fi
if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
  # exported: the entrypoint runs again as the redis user, without the _FILE
  REDIS_PASSWORD="$(<"$REDIS_PASSWORD_FILE")"
  export REDIS_PASSWORD
  unset REDIS_PASSWORD_FILE
fi

if [ "${1:-}" = healthcheck ]; then # the image's HEALTHCHECK
  [ -n "${REDIS_PASSWORD:-}" ] && export REDISCLI_AUTH="$REDIS_PASSWORD"
  [ "$(redis-cli --no-auth-warning -h 127.0.0.1 -p 6379 ping 2>&1)" = PONG ]
  exit
fi

if [ "${1:0:1}" = '-' ] || [[ "${1:-}" == *.conf ]]; then
  set -- redis-server "$@"
fi

if [ "$1" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    find /data \! -user redis -exec chown redis:redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  shift
  conf="$(mktemp /tmp/redis.XXXXXX.conf)" # 600, owned by the server's user
  {
    echo 'bind 0.0.0.0'
    echo 'protected-mode no'
    echo 'dir /data'
    echo 'appendonly yes'
    if [ -n "${1:-}" ] && [ "${1:0:1}" != '-' ]; then
      echo "include $1"
      shift
    fi
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      # a quoted redis string: backslash and double quote escaped
      pw=${REDIS_PASSWORD//\\/\\\\}
      pw=${pw//\"/\\\"}
      pw=${pw//$'\n'/\\n}
      printf 'requirepass "%s"\n' "$pw"
    fi
  } >"$conf"
  unset REDIS_PASSWORD pw
  set -- redis-server "$conf" "$@"
fi

exec "$@"
