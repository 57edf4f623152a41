#!/usr/bin/env bash
# Installs the Debian packages stackctl needs to build and test, skipping what
# is already there. Idempotent; safe to run on every build.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl jq
  age  # the secrets tests check interoperability with age itself
  clang libclang-rt-14-dev
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  libcurl4-openssl-dev libgit2-dev doctest-dev libsodium-dev libarchive-dev
  libcpp-httplib-dev libpq-dev
  musl-tools  # musl-gcc: the static stackctl-relay binary (cli/relay/) for its FROM scratch image
  # the service tests run a real PostgreSQL server (tests/services/postgres.sh)
  postgresql postgresql-client
  openssh-client openssh-server  # ssh:// Docker hosts, tested against a real sshd (tests/docker/ssh_up_test.sh)
  docker-registry  # the OCI push tests run a real registry on 127.0.0.1 (tests/registry/)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js may come from another packaging (e.g. with npm bundled); only ask
# Debian for it when the commands are missing.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
