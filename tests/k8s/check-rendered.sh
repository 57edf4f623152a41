#!/usr/bin/env bash
# Renders every bundled environment (and a scaled-down copy of each) and runs
# the independent validator (validate.mjs, kubernetes-models + strictness)
# over all of it.
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
envs=$("$bin" -C "$root" envs -o json | python3 -c 'import json,sys; [print(e["name"]) for e in json.load(sys.stdin) if not e["abstract"]]')
for env in $envs; do
  "$bin" -C "$root" --no-color render "$env" --out "$tmp/$env" 2>/dev/null
  "$bin" -C "$root" --no-color render "$env" --copy pr-7 --out "$tmp/$env-copy" 2>/dev/null
done
node "$here/validate.mjs" "$tmp"
