#!/usr/bin/env bash
# Runs cloud_driver_tests with a moto_server of its own on a free loopback
# port (STACKCTL_MOTO_ENDPOINT), stopped on exit. Without moto_server the AWS
# tests are skipped by the binary itself.
set -euo pipefail
binary="$1"; shift
if command -v moto_server >/dev/null 2>&1; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log=$(mktemp)
  moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  moto_pid=$!
  trap 'kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then break; fi
    sleep 0.2
  done
  export STACKCTL_MOTO_ENDPOINT="http://127.0.0.1:$port"
fi
"$binary" "$@"
