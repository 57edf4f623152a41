#!/usr/bin/env bash
# README command 1: installs what is missing, builds, then runs the main job
# on the bundled stack. Until the Docker target lands this validates the
# local environment and renders it for review; arguments go to stackctl
# (e.g. scripts/up.sh staging).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
env=${1:-local}
build/stackctl validate "$env"
build/stackctl render "$env" --out "out/$env"
echo
echo "Rendered manifests of $env are in out/$env/ (review them, or diff against git)."
