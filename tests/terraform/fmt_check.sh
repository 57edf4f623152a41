#!/usr/bin/env bash
# terraform fmt -check over the project's terraform/ tree. First a self-test:
# a copy of the tree with one deliberately mis-formatted file added must fail
# the same check and name that file (so this test is meaningful even before
# any module exists).
# Usage: fmt_check.sh TERRAFORM_DIR
set -euo pipefail
tree=${1:?usage: fmt_check.sh TERRAFORM_DIR}
command -v terraform >/dev/null || { echo "terraform is not installed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/terraformrc"
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1
if [ -d "$tree" ]; then
  cp -a "$tree" "$tmp/copy"
else
  echo "note: $tree does not exist yet; the self-test runs on an empty tree"
  mkdir "$tmp/copy"
fi
# The self-test file, well formatted, passes on its own; broken, it must make
# the whole copy fail.
mkdir "$tmp/alone"
cat > "$tmp/alone/fmt_selftest.tf" <<'TF'
resource "terraform_data" "fmt_selftest" {
  input = "x"
}
TF
terraform fmt -check "$tmp/alone" >/dev/null || { echo "FAIL: self-test: a well-formatted file was refused" >&2; exit 1; }
printf 'resource "terraform_data" "fmt_selftest" {\ninput="x"\n    other = 1\n}\n' > "$tmp/copy/fmt_selftest.tf"
if out=$(terraform fmt -check -recursive "$tmp/copy" 2>&1); then
  echo "FAIL: self-test: terraform fmt -check accepted a mis-formatted file" >&2
  exit 1
fi
grep -q fmt_selftest.tf <<<"$out" || { echo "FAIL: self-test: fmt did not name the broken file: $out" >&2; exit 1; }
echo "self-test ok: a mis-formatted copy fails terraform fmt -check"

[ -d "$tree" ] || { echo "ok: no $tree yet, nothing else to check"; exit 0; }
count=$(find "$tree" -name '*.tf' | wc -l)
if ! terraform fmt -check -recursive -diff "$tree"; then
  echo "FAIL: files above are not formatted; run: terraform fmt -recursive $tree" >&2
  exit 1
fi
echo "ok: $count .tf files in $tree are formatted"
