# Sourced by the script tests: one "ok - ..." or "not ok - ..." line per
# check, and a closing "N passed, N failed" (tap_summary's status is the
# test's).
passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds; else shows its output.
check() {
  local what=$1 out
  shift
  if out="$("$@" 2>&1)"; then ok "$what"; else not_ok "$what"; printf '    %s\n' "${out//$'\n'/$'\n'    }"; fi
}
# expect_value DESCRIPTION WANTED ACTUAL
expect_value() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "    wanted: $2"; echo "    got:    $3"; fi
}
# show FILE [N]: the last N (40) lines of FILE, indented, after a failure.
show() { sed 's/^/    | /' "$1" | tail -n "${2:-40}"; }
tap_summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
