#!/usr/bin/env bash
# Golden test: renders every bundled environment (and a copy of each) and
# compares it byte for byte with tests/golden/. Regenerate with
# scripts/update-golden.sh after an intended change.
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
checked=0
for dir in "$root"/tests/golden/*/; do
  name=$(basename "$dir")
  env=${name%%--copy-*}
  args=("$env")
  [ "$name" != "$env" ] && args+=(--copy "${name#*--copy-}")
  "$bin" -C "$root" --no-color render "${args[@]}" --out "$tmp/$name" 2>/dev/null
  # terraform/modules/ is a copy of the project's terraform/modules/ (see
  # scripts/update-golden.sh); the root module beside it is compared.
  [ -d "$tmp/$name/terraform/modules" ] || [ ! -d "$dir/terraform" ] ||
    { echo "golden: $name has no terraform/modules copy"; status=1; }
  if ! diff -r -x modules "$dir" "$tmp/$name" >"$tmp/diff.txt"; then
    echo "golden: $name differs from tests/golden/$name (run scripts/update-golden.sh if intended):"
    head -40 "$tmp/diff.txt"
    status=1
  fi
  # Determinism: a second render is byte-identical.
  "$bin" -C "$root" --no-color render "${args[@]}" --out "$tmp/again" 2>/dev/null
  diff -r "$tmp/$name" "$tmp/again" >/dev/null || { echo "golden: $name is not deterministic"; status=1; }
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "golden: no golden folders found"; exit 1; }
echo "golden: $checked renders checked"
exit $status
