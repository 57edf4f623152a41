#!/usr/bin/env bash
# The secrets verbs' bad inputs, through the built binary: each gives a
# clear message and a non-zero exit, and leaves the secrets file as it was.
#
#   secrets_cli_test.sh STACKCTL
set -uo pipefail
stackctl=$(readlink -f "${1:?usage: secrets_cli_test.sh STACKCTL}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/stackctl-secrets-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
. "$repo/tests/lib/project_copy.sh"
project_copy "$repo" "$tmp"
isolated_secrets_home "$tmp/home"
cd "$tmp/project"
file=environments/local.secrets.yaml

# expect CODE "TEXT IN STDERR" COMMAND... (stdin from /dev/null unless redirected by the caller)
expect() {
  local code=$1 text=$2
  shift 2
  local err
  err=$("$@" 2>&1 >/dev/null)
  local got=$?
  if [ "$got" = "$code" ] && [[ $err == *"$text"* ]]; then
    echo "ok: $* -> $code"
  else
    echo "FAIL: $*: exit $got (want $code), stderr: $err (want: $text)"
    failures=$((failures + 1))
  fi
}

expect 1 "no age identity: set STACKCTL_AGE_KEY or STACKCTL_AGE_KEY_FILE, or create" "$stackctl" secrets init local
"$stackctl" secrets keygen >/dev/null 2>&1
expect 1 "already exists; it is not overwritten" "$stackctl" secrets keygen
expect 1 'no environment "locl" (environments/locl.yaml) (did you mean "local"?)' "$stackctl" secrets init locl
expect 1 "has no secrets file environments/local.secrets.yaml; create it with \`stackctl secrets init local\`" \
  "$stackctl" secrets get local rates-db-password
expect 1 "recipient bob=age1nope: " "$stackctl" secrets init local --recipient bob=age1nope
[ ! -e "$file" ] && echo "ok: a refused init writes nothing" || { echo "FAIL: refused init wrote $file"; failures=$((failures + 1)); }
"$stackctl" secrets init local 2>/dev/null
expect 1 "already exists; change its recipients with \`stackctl secrets rotate\`" "$stackctl" secrets init local
echo "first-value-1234" | "$stackctl" secrets set local rates-db-password 2>/dev/null
cp "$file" "$tmp/before"
unchanged() {
  if cmp -s "$file" "$tmp/before"; then echo "ok: $1 left the file as it was"; else
    echo "FAIL: $1 changed the file"
    failures=$((failures + 1))
  fi
}
expect 1 "the value of rates-db-password is empty; nothing was changed" "$stackctl" secrets set local rates-db-password
unchanged "an empty value"
expect 1 'secret name "Bad_Name"' "$stackctl" secrets set local Bad_Name
expect 2 "" "$stackctl" secrets set local rates-db-password value-in-argv
unchanged "a value in argv"
expect 1 "environment local has no secret nope" "$stackctl" secrets get local nope
expect 1 "local already has rates-db-password; --force replaces it" "$stackctl" secrets generate local rates-db-password
expect 2 "" "$stackctl" secrets generate local short --length 4
expect 1 'no recipient "nobody" in local' "$stackctl" secrets rotate local --remove-recipient nobody
printf '#!/bin/sh\nexit 3\n' >"$tmp/failing-editor"
chmod +x "$tmp/failing-editor"
EDITOR=$tmp/failing-editor expect 1 "the editor ($tmp/failing-editor) failed; nothing was changed" "$stackctl" secrets edit local
printf '#!/bin/sh\necho "rates-db-password: [unclosed" >"$1"\n' >"$tmp/bad-editor"
chmod +x "$tmp/bad-editor"
EDITOR=$tmp/bad-editor expect 1 "is not valid YAML; environments/local.secrets.yaml is unchanged" "$stackctl" secrets edit local
unchanged "a failed or invalid edit"

# A scaled-down copy uses its parent's secrets file.
expect 1 'secret "inventory-db-password" is not set in environments/local.secrets.yaml' \
  "$stackctl" validate local --copy pr-1

# Another person's key, and a file edited by hand.
other=$(mktemp "$tmp/other.XXXXXX")
rm -f "$other"
"$stackctl" secrets keygen --output "$other" >/dev/null 2>&1
STACKCTL_AGE_KEY_FILE=$other expect 1 "cannot decrypt the secrets of environment local (environments/local.secrets.yaml): your key age1" \
  "$stackctl" secrets get local rates-db-password
sed -i 's/^environment: local$/environment: local\n# harmless?/' "$file"
sed -i 's/^  rates-db-password: ENC\[xchacha20poly1305,nonce:\(.\)/  rates-db-password: ENC[xchacha20poly1305,nonce:A\1/' "$file"
expect 1 "refusing the secrets of environment local (environments/local.secrets.yaml): its mac does not match" \
  "$stackctl" secrets get local rates-db-password
cp "$tmp/before" "$file"
sed -i 's/^  rates-db-password: ENC.*/  rates-db-password: hunter2hunter2/' "$file"
expect 1 "environments/local.secrets.yaml:17:22: error: secrets.rates-db-password: expected an encrypted value" \
  "$stackctl" secrets get local rates-db-password
expect 1 "environments/local.secrets.yaml:17:22: error: secrets.rates-db-password: expected an encrypted value" \
  "$stackctl" validate local
cp "$tmp/before" "$file"
echo "$("$stackctl" secrets get local rates-db-password 2>/dev/null)" | grep -qx first-value-1234 &&
  echo "ok: the value survived every refused change" || { echo "FAIL: the value was lost"; failures=$((failures + 1)); }

echo "secrets cli: $failures failure(s)"
[ "$failures" -eq 0 ]
