#!/usr/bin/env bash
# Proves check_layers.py can fail: on a copy of cli/ it must pass, and with
# each planted problem (a back-edge model -> commands, a relative include
# around the check, a standalone folder included, a folder missing from the
# list) it must fail naming the file:line and the edge.
# Usage: bash tests/layering/selftest.sh [CLI_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../../cli}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

source "$here/../lib/tap.sh"

# planted NAME EXPECTED_EXIT EXPECTED_TEXT PLANT_COMMAND: the plant runs in a
# fresh copy of cli/ (as cwd), then the checker must exit as expected with the text.
planted() {
  local name="$1" want_rc="$2" want_text="$3" plant="$4" copy="$tmp/$1/cli"
  mkdir -p "$tmp/$1"
  cp -r "$cli" "$copy"
  (cd "$copy" && eval "$plant")
  local out rc=0
  out="$(python3 "$here/check_layers.py" "$copy" 2>&1)" || rc=$?
  if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
    ok "$name"
  else
    not_ok "$name: want exit $want_rc and \"$want_text\", got exit $rc:"
    sed 's/^/    | /' <<<"$out"
  fi
}

planted unchanged 0 "all allowed" ":"
planted back-edge 1 "cli/model/planted_back_edge.hpp:3: model -> commands is a forbidden edge" \
  'printf "#pragma once\n\n#include \"commands/commands.hpp\"\n" >model/planted_back_edge.hpp'
planted back-edge-in-subfolder 1 "cli/clients/engine/planted.cpp:1: clients -> targets is a forbidden edge" \
  'printf "#include \"targets/target.hpp\"\n" >clients/engine/planted.cpp'
planted relative-include 1 'cli/config/planted.cpp:2: #include "../render/templates.hpp": write the folder path' \
  'printf "\n#include \"../render/templates.hpp\"\n" >config/planted.cpp'
planted standalone-includes 1 "cli/relay/planted.c:1: relay -> app: relay is standalone" \
  'printf "#include \"app/terminal.hpp\"\n" >relay/planted.c'
planted unlisted-folder 2 "cli/planted/ is not in the list of layers" \
  'mkdir planted && printf "int x;\n" >planted/x.cpp'
planted cycle-in-list 2 'app may include only layers listed before it, and "commands" is not one' \
  'sed -i "s/^app:.*/app: commands/" layers.txt'

tap_summary
