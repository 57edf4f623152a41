#!/usr/bin/env bash
# README command 2: installs what is missing, builds with warnings as errors
# and runs every test (unit, golden, CLI, the independent Kubernetes
# validator and a bounded fuzzing run). Extra arguments go to ctest, e.g.
#   scripts/test.sh -R golden
set -euo pipefail
cd "$(dirname "$0")/.."
STACKCTL_WERROR=ON bash scripts/build.sh
bash scripts/docker-setup.sh  # dockerd + the local images the Docker tests use (no registry)
(cd tests/k8s && npm ci --no-audit --no-fund --loglevel=error)
cd build
ctest --output-on-failure "$@"
