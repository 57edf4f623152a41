#!/usr/bin/env bash
# scripts/new-service, end to end, in a scratch copy of the project: scaffolds
# a plain and a --postgres service, builds each on its own exactly as its
# Dockerfile does (plus -Werror, as CI builds services), runs the plain one
# and checks the kit's endpoints and GET /hello, checks that the --postgres
# one asks for its database settings, that stackctl validates the result and
# that refused or failed invocations leave nothing behind.
#
#   new_service_test.sh STACKCTL
set -uo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {  # fail NAME [DETAILS]
  failed=$((failed + 1))
  echo "FAIL: $1"
  [ -z "${2:-}" ] || echo "$2" | head -30 | sed 's/^/    /'
}
check() {  # check NAME EXPECTED_EXIT COMMAND...; output in $out
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$name: exit $got, want $want" "$out"; fi
}
contains() {  # contains NAME TEXT: $out must contain TEXT
  if grep -qF -- "$2" <<<"$out"; then pass; else fail "$1: output lacks: $2" "$out"; fi
}
absent() {  # absent NAME PATH: PATH must not exist
  if [ -e "$2" ]; then fail "$1: $2 exists"; else pass; fi
}
http() {  # http NAME PATH STATUS: GET PATH on the running service; body in $out
  local status
  status=$(curl -s -o "$tmp/body" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$2")
  out=$(cat "$tmp/body" 2>/dev/null)
  if [ "$status" = "$3" ]; then pass; else fail "$1: GET $2: status $status, want $3" "$out"; fi
}

# The project copy: every service descriptor, the kit, environments,
# templates and the script. `shared` beside it keeps paths like
# ../shared/data/rates.sql (environments/base.yaml) resolving.
. "$root/tests/lib/project_copy.sh"
project_copy "$root" "$tmp"
proj=$tmp/project
mkdir -p "$proj/scripts"
cp -r "$root/scripts/new-service" "$root/scripts/new-service.d" "$proj/scripts/"
cd "$proj" || exit 1
services_before=$(ls -A services | sort)

check "baseline project validates" 0 "$bin" -C "$proj" validate --all

# Scaffolding.
check "new-service demo" 0 scripts/new-service demo
for f in CMakeLists.txt Dockerfile service.yaml src/main.cpp; do
  contains "demo lists $f" "  $f"
  [ -f "services/demo/$f" ] && pass || fail "services/demo/$f not created"
done
contains "demo: build step" "cmake --build build --target demo"
contains "demo: run step" "PORT=8080 build/services/demo/demo"
contains "demo: validate step" "build/stackctl validate local"
absent "demo has no migrations" services/demo/migrations
check "validate with demo" 0 "$bin" -C "$proj" validate --all
check "new-service demo-db --postgres" 0 scripts/new-service demo-db --postgres
contains "demo-db lists its migration" "migrations/001_init.sql"
contains "demo-db: note names the dependency" '"demo-db-db"'
contains "demo-db: note gives its kind" "kind: postgres"
contains "demo-db: note names the file" "environments/base.yaml"
[ -f services/demo-db/migrations/001_init.sql ] && pass || fail "demo-db/migrations/001_init.sql not created"
if diff -r "$root/environments" "$proj/environments" >/dev/null; then pass; else fail "new-service changed environments/"; fi

# The generated files.
out=$(cat services/demo/CMakeLists.txt)
contains "demo CMakeLists: standalone" "if(PROJECT_IS_TOP_LEVEL)"
contains "demo CMakeLists: bundled_service" "bundled_service(NAME demo SOURCES src/main.cpp)"
out=$(cat services/demo-db/CMakeLists.txt)
contains "demo-db CMakeLists: pg" "LIBRARIES service_kit_pg"
contains "demo-db CMakeLists: migrations" 'MIGRATIONS ${CMAKE_CURRENT_SOURCE_DIR}/migrations'
out=$(cat services/demo/Dockerfile)
contains "demo Dockerfile: copies the service" "COPY services/demo services/demo"
contains "demo Dockerfile: builds standalone" "RUN cmake -S services/demo -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release"
contains "demo Dockerfile: healthcheck" 'CMD ["/usr/local/bin/demo", "healthcheck"]'
if grep -q 'install.*libpq5' services/demo/Dockerfile; then fail "demo image installs libpq5"; else pass; fi
if grep -q 'install.*libpq5' services/demo-db/Dockerfile; then pass; else fail "demo-db image lacks libpq5"; fi
if markers=$(grep -rn '@NAME@\|@PG@\|@NOPG@' services/demo services/demo-db); then
  fail "template markers left" "$markers"
else pass; fi
out=$(cat services/demo-db/src/main.cpp)
contains "demo-db main: run_main owns migrate" "kit::pg::migrate_command(service::migrations())"
if grep -q migrate_command services/demo/src/main.cpp; then fail "demo main (no postgres) passes a migration"; else pass; fi
out=$(cat services/demo-db/service.yaml)
contains "demo-db service.yaml: requires" "requires: [demo-db-db]"
contains "demo-db service.yaml: password" 'DB_PASSWORD: ${secret:demo-db-db-password}'

# stackctl: demo-db is valid once its dependency is declared.
check "validate without demo-db-db" 1 "$bin" -C "$proj" validate local
contains "validate names the missing dependency" 'requires "demo-db-db"'
check "validate with demo-db-db" 0 "$bin" -C "$proj" validate --all --set 'dependencies.demo-db-db={kind: postgres}'
check "render demo-db" 0 "$bin" -C "$proj" render staging --set 'dependencies.demo-db-db={kind: postgres}'
contains "render: demo-db's password is a secret reference" "demo-db-db-password"

# Refusals leave everything as it was.
sum_before=$(find services/demo -type f -exec md5sum {} + | sort)
check "existing name" 1 scripts/new-service demo
contains "existing name message" "services/demo already exists"
[ "$(find services/demo -type f -exec md5sum {} + | sort)" = "$sum_before" ] && pass || fail "existing demo was modified"
check "invalid name" 1 scripts/new-service Bad_Name
contains "invalid name message" 'invalid name "Bad_Name"'
check "trailing dash" 1 scripts/new-service bad-
check "common" 1 scripts/new-service common
contains "common message" '"common" is the service kit'
check "no name" 2 scripts/new-service
check "unknown option" 2 scripts/new-service other --bogus
absent "no Bad_Name folder" services/Bad_Name
absent "no other folder" services/other
# A failure half-way through writing (a template that cannot be rendered
# after others were) leaves no folder either.
broken=$tmp/broken
mkdir -p "$broken/services" "$broken/scripts"
cp -r "$root/scripts/new-service" "$root/scripts/new-service.d" "$broken/scripts/"
mkdir -p "$broken/scripts/new-service.d/src/main.cpp"
touch "$broken/scripts/new-service.d/src/main.cpp/x.in"
check "failure while writing" 1 "$broken/scripts/new-service" half
[ -z "$(ls -A "$broken/services")" ] && pass || fail "failed run left files: $(ls -A "$broken/services")"
[ "$(ls -A services | sort)" = "$(printf '%s\n' "$services_before" demo demo-db | sort)" ] && pass ||
  fail "services/ holds unexpected entries" "$(ls -A services)"

# Build each service on its own, as its Dockerfile does.
build() {  # build NAME
  { cmake -S "services/$1" -B "$tmp/build-$1" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSERVICE_GIT_COMMIT=c0ffee123456 \
      -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" &&
      cmake --build "$tmp/build-$1" -j 2; } >"$tmp/build-$1.log" 2>&1
}
if build demo; then pass; else fail "demo does not build" "$(tail -30 "$tmp/build-demo.log")"; fi
if build demo-db; then pass; else fail "demo-db does not build" "$(tail -30 "$tmp/build-demo-db.log")"; fi

# Run demo.
demo=$tmp/build-demo/demo
if [ -x "$demo" ]; then
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  env -u GIT_COMMIT PORT="$port" BIND_ADDRESS=127.0.0.1 "$demo" >"$tmp/demo.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  http "healthz" /healthz 200
  contains "healthz body" '"status":"ok"'
  http "readyz" /readyz 200
  contains "readyz body" '"status":"ready"'
  http "version" /version 200
  contains "version names the service" '"service":"demo"'
  contains "version has the build's commit" '"commit":"c0ffee123456"'
  http "hello" /hello 200
  if jq -e '. == {"service": "demo", "message": "hello"}' <<<"$out" >/dev/null 2>&1; then pass; else
    fail "hello body is not {\"service\": \"demo\", \"message\": \"hello\"}" "$out"
  fi
  http "unknown route" /nope 404
  http "metrics" /metrics 200
  contains "metrics count /hello" 'http_requests_total{method="GET",route="/hello",status="200"} 1'
  check "healthcheck subcommand" 0 env PORT="$port" "$demo" healthcheck
  check "unknown subcommand" 2 "$demo" bogus
  contains "unknown subcommand usage" "usage: demo [serve]"
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  pid=""
  [ "$status" -eq 0 ] && pass || fail "demo exited $status after SIGTERM, want 0" "$(tail -5 "$tmp/demo.log")"
  out=$(cat "$tmp/demo.log")
  contains "JSON request log with a request id" '"request_id":'
  contains "JSON log of /hello" '"route":"/hello"'
  contains "clean shutdown logged" '"clean":true'
fi

# demo-db without its database settings: exit 78, naming them.
if [ -x "$tmp/build-demo-db/demo-db" ]; then
  check "demo-db without DB_HOST" 78 env -u DB_HOST -u DATABASE_URL "$tmp/build-demo-db/demo-db"
  contains "demo-db names DB_HOST" "DB_HOST"
fi

echo "new-service: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
