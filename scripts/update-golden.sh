#!/usr/bin/env bash
# Regenerates tests/golden/<env>/ from the current stackctl for every bundled
# environment that is not abstract. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${STACKCTL:-build/stackctl}
[ -x "$bin" ] || { echo "update-golden: build first (scripts/build.sh); $bin not found" >&2; exit 1; }
for env in $("$bin" envs -o json | python3 -c 'import json,sys; [print(e["name"]) for e in json.load(sys.stdin) if not e["abstract"]]'); do
  "$bin" --no-color render "$env" --out "tests/golden/$env"
  "$bin" --no-color render "$env" --copy pr-1 --out "tests/golden/$env--copy-pr-1"
  # The Terraform modules are copied into each cloud render as they are in
  # terraform/modules/; the golden keeps only the root module.
  rm -rf "tests/golden/$env/terraform/modules" "tests/golden/$env--copy-pr-1/terraform/modules"
done
echo "update-golden: done; review with git diff tests/golden"
