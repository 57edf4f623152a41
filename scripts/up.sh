#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs `stackctl up`
# on the bundled stack's local environment, which ends by printing the
# endpoints. Arguments go to `stackctl up local` (e.g. --copy pr-1).
#
#   1. scripts/build.sh: Debian packages and the build;
#   2. scripts/docker-setup.sh: docker.io, dockerd, the debian:bookworm-slim
#      base image (debootstrap when it cannot be pulled) and the stand-in
#      dependency images built from Debian packages;
#   3. your age identity (`stackctl secrets keygen`) and the local
#      environment's secrets (`secrets init local`, `secrets generate local
#      --missing`) when missing: environments/local.secrets.yaml is yours
#      alone, encrypted to your key, and ignored by git;
#   4. `stackctl up local`. It runs the official images (postgres, mysql,
#      redis, apache/activemq-classic) when this Docker Engine has them, or
#      pulls them when STACKCTL_PULL=1; otherwise, as on a machine with no
#      registry, it runs the stand-ins (environment key `images:`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
bash scripts/docker-setup.sh

stackctl=(build/stackctl)
if [ "$(id -u)" -ne 0 ] && ! [ -w /var/run/docker.sock ]; then
  # Not in the docker group: the Engine's socket is root's.
  stackctl=(sudo --preserve-env=HOME,XDG_CONFIG_HOME,STACKCTL_AGE_KEY,STACKCTL_AGE_KEY_FILE build/stackctl)
fi
docker_cmd=(docker)
[ "$(id -u)" -eq 0 ] || [ -w /var/run/docker.sock ] || docker_cmd=(sudo docker)

key_file="${XDG_CONFIG_HOME:-$HOME/.config}/stackctl/age-keys.txt"
if [ -z "${STACKCTL_AGE_KEY:-}" ] && [ -z "${STACKCTL_AGE_KEY_FILE:-}" ] && [ ! -f "$key_file" ]; then
  build/stackctl secrets keygen
fi
[ -f environments/local.secrets.yaml ] || build/stackctl secrets init local
build/stackctl secrets generate local --missing

# kind, official image, stand-in (tests/docker/images/)
images=(
  "postgres postgres:15 stackctl-test/postgres:15"
  "mysql mysql:8.0 stackctl-test/mysql:8.0"
  "redis redis:7.2 stackctl-test/redis:7"
  "activemq apache/activemq-classic:5.18.3 stackctl-test/activemq:5"
)
overrides=()
if [ -z "${STACKCTL_PULL:-}" ]; then
  for entry in "${images[@]}"; do
    read -r kind official stand_in <<<"$entry"
    if ! "${docker_cmd[@]}" image inspect "$official" >/dev/null 2>&1; then
      overrides+=(--set "images.$kind=$stand_in")
    fi
  done
  ((${#overrides[@]} == 0)) ||
    echo "up: the official images are not on this Docker Engine; using the Debian-package stand-ins" \
      "(STACKCTL_PULL=1 pulls the official ones)"
fi

exec "${stackctl[@]}" up local "${overrides[@]}" "$@"
