#!/usr/bin/env bash
# Installs what is missing and builds stackctl into build/ (2 parallel jobs).
# STACKCTL_WERROR=ON turns warnings into errors (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DSTACKCTL_WERROR="${STACKCTL_WERROR:-OFF}" >/dev/null
cmake --build build -j2
