#!/usr/bin/env bash
# The secrets leak scan: runs validate, render and every secrets verb on a
# copy of the project with known secret values, then searches every file
# written, every byte printed and the argv of every process seen while they
# ran (sampled from /proc) for those values and their base64 forms. It must
# find none. `secrets get` prints a value by design: only its stderr is
# scanned, and its stdout is checked to hold the value (proving the search
# finds what is there).
#
#   leak_scan.sh STACKCTL
set -uo pipefail
stackctl=$(readlink -f "${1:?usage: leak_scan.sh STACKCTL}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/stackctl-leak-scan.XXXXXX)
sampler=""
cleanup() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

. "$repo/tests/lib/project_copy.sh"
project_copy "$repo" "$tmp"
isolated_secrets_home "$tmp/home"
mkdir -p "$tmp/out"
cd "$tmp/project"

# argv of every process, sampled while the commands run.
# One cat per pass (NULs turned to spaces), so a pass stays fast under load.
(
  while :; do
    cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' '
    echo
    sleep 0.002
  done
) >"$tmp/argv.log" 2>/dev/null &
sampler=$!

run() {  # run NAME COMMAND...: stdout and stderr kept for the scan
  local name=$1
  shift
  "$@" >"$tmp/out/$name.stdout" 2>"$tmp/out/$name.stderr"
  echo $? >"$tmp/out/$name.rc"
}
expect_rc() {
  local got
  got=$(cat "$tmp/out/$1.rc")
  [ "$got" = "$2" ] && ok "$1 exits $2" || fail "$1 exits $got, expected $2: $(cat "$tmp/out/$1.stderr")"
}

secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 28; }
names=(inventory-db-password pipeline-mq-password rates-db-password sportbuff-cache-password sportbuff-db-password)
declare -A value
for n in "${names[@]}"; do value[$n]="$(secret)"; done
value[edited]="$(secret)"

run keygen "$stackctl" secrets keygen
expect_rc keygen 0
run init "$stackctl" secrets init local
expect_rc init 0
for n in "${names[@]}"; do
  run "set-$n" "$stackctl" secrets set local "$n" <<<"${value[$n]}"
  expect_rc "set-$n" 0
done
run generate "$stackctl" secrets generate local sportbuff-mq-password --length 40
expect_rc generate 0
"$stackctl" secrets get local sportbuff-mq-password >"$tmp/generated" 2>"$tmp/out/get-generated.stderr"
value[sportbuff-mq-password]=$(cat "$tmp/generated")
rm -f "$tmp/generated"
[ ${#value[sportbuff-mq-password]} -eq 40 ] && ok "generate made 40 characters" || fail "generated value has the wrong length"

run validate "$stackctl" validate local
expect_rc validate 0
run validate-all "$stackctl" validate --all -o json
run render "$stackctl" render local
expect_rc render 0
run render-json "$stackctl" render local -o json
run render-out "$stackctl" render local --out "$tmp/rendered"
expect_rc render-out 0
run render-copy "$stackctl" render local --copy pr-7
run list "$stackctl" secrets list local
run list-json "$stackctl" secrets list local -o json
grep -qx rates-db-password "$tmp/out/list.stdout" && ok "list shows names" || fail "list lacks rates-db-password"

# get prints the value by design; only its stderr joins the scan.
"$stackctl" secrets get local rates-db-password >"$tmp/get.value" 2>"$tmp/out/get.stderr"
[ "$(cat "$tmp/get.value")" = "${value[rates-db-password]}" ] && ok "get returns the value" ||
  fail "get did not return the value"

# edit: the editor sees a file path only, takes time (so the sampler sees its
# argv) and changes a value, which it takes from its environment.
cat >"$tmp/editor" <<'ED'
#!/bin/sh
sleep 1
awk '/^rates-db-password:/ { print "rates-db-password: " ENVIRON["NEW_VALUE"]; next } { print }' "$1" >"$1.new"
cat "$1.new" >"$1"
rm -f "$1.new"
ED
chmod +x "$tmp/editor"
NEW_VALUE=${value[edited]} EDITOR=$tmp/editor run edit "$stackctl" secrets edit local
[ "$("$stackctl" secrets get local rates-db-password 2>/dev/null)" = "${value[edited]}" ] &&
  ok "edit changed the value" || fail "edit did not change the value"
expect_rc edit 0
value[old-rates]=${value[rates-db-password]}
value[rates-db-password]=${value[edited]}
ls /dev/shm/stackctl-secrets-* >/dev/null 2>&1 && fail "edit left a file in /dev/shm" || ok "edit removed its file"

other=$("$stackctl" secrets keygen --output "$tmp/home/other-key.txt" 2>/dev/null)
run rotate-add "$stackctl" secrets rotate local --add-recipient "ci=$other"
expect_rc rotate-add 0
run rotate-remove "$stackctl" secrets rotate local --remove-recipient ci
expect_rc rotate-remove 0
run rotate-key "$stackctl" secrets rotate local --new-data-key
expect_rc rotate-key 0

# A child that prints secrets on both streams and fails, the way a tool's error would.
run exec "$stackctl" secrets exec local -- sh -c \
  'echo "connecting with $RATES_DB_PASSWORD"; echo "auth failed for $INVENTORY_DB_PASSWORD" >&2; sleep 1; exit 3'
expect_rc exec 3
grep -q "connecting with \[secret:rates-db-password\]" "$tmp/out/exec.stdout" && ok "exec stdout masked" ||
  fail "exec stdout not masked: $(cat "$tmp/out/exec.stdout")"
grep -q "auth failed for \[secret:inventory-db-password\]" "$tmp/out/exec.stderr" && ok "exec stderr masked" ||
  fail "exec stderr not masked: $(cat "$tmp/out/exec.stderr")"

kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null
sampler=""
[ -s "$tmp/argv.log" ] && grep -q "secrets exec local" "$tmp/argv.log" && ok "the argv sampler saw the commands" ||
  fail "the argv sampler saw nothing"

# The search itself finds a value where there is one (get's output, kept
# until now), then that file goes: it is the one place a value belongs.
grep -qF -- "${value[old-rates]}" "$tmp/get.value" && ok "the search finds a value where it is" ||
  fail "the search cannot find a value"
rm -f "$tmp/get.value"

# The scan: every value, raw and base64, in every file under the scratch
# folder (project, home, render output, captured output, argv log) and in /dev/shm.
hits=0
for n in "${!value[@]}"; do
  v=${value[$n]}
  for form in "$v" "$(printf '%s' "$v" | base64 -w0)"; do
    found=$(grep -rlF -- "$form" "$tmp" /dev/shm 2>/dev/null)
    if [ -n "$found" ]; then
      fail "the value of $n appears in: $found"
      hits=$((hits + 1))
    fi
  done
done
[ "$hits" -eq 0 ] && ok "0 occurrences of ${#value[@]} values in $(find "$tmp" -type f | wc -l) files, $(cat "$tmp"/out/*.stdout "$tmp"/out/*.stderr | wc -c) bytes printed, $(wc -l <"$tmp/argv.log") argv samples"

echo "leak scan: $failures failure(s)"
[ "$failures" -eq 0 ]
