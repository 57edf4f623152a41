#!/usr/bin/env bash
# Prepares a real Docker engine for the Docker-target tests, with no image
# registry: everything comes from Debian's apt mirror. Idempotent and meant to
# run on every test run (scripts/test.sh and tests/docker/*.sh call it); on a
# warm machine it takes a couple of seconds. Runs as root, or re-runs itself
# through sudo.
#
#   1. installs docker.io and debootstrap when missing;
#   2. starts dockerd in the background when nothing answers `docker info`
#      (log: $STACKCTL_DOCKERD_LOG, default /var/log/stackctl-dockerd.log),
#      never a second one;
#   3. builds the base image debian:bookworm-slim with debootstrap + docker
#      import when it is missing (trimmed like the official slim image);
#   4. builds the stand-in dependency images of tests/docker/images/<name>/
#      (stackctl-test/postgres:15, mysql:8.0, redis:7, activemq:5) when they
#      are missing or their folder (or the base image) changed: each image is
#      labelled with a hash of both.
#
# Environment:
#   STACKCTL_BASE_IMAGE   base image to check/build and build FROM
#                         (default debian:bookworm-slim; another tag lets the
#                         debootstrap path be exercised without touching it)
#   STACKCTL_DEBIAN_MIRROR  default http://deb.debian.org/debian
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=STACKCTL_BASE_IMAGE,STACKCTL_DEBIAN_MIRROR,STACKCTL_DOCKERD_LOG \
    bash "$root/scripts/docker-setup.sh" "$@"
fi

base_image="${STACKCTL_BASE_IMAGE:-debian:bookworm-slim}"
mirror="${STACKCTL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
dockerd_log="${STACKCTL_DOCKERD_LOG:-/var/log/stackctl-dockerd.log}"
images_dir="$root/tests/docker/images"
hash_label="org.stackctl.test.hash"

# folder under tests/docker/images -> tag
stand_ins=(
  "postgres stackctl-test/postgres:15"
  "mysql stackctl-test/mysql:8.0"
  "redis stackctl-test/redis:7"
  "activemq stackctl-test/activemq:5"
)

# One run at a time (ctest and scripts/test.sh may both call this).
lock_dir=/run/lock
[ -d "$lock_dir" ] || lock_dir=/tmp
exec 9>"$lock_dir/stackctl-docker-setup.lock"
flock -w 900 9 || { echo "docker-setup: another run holds the lock for 15 min" >&2; exit 1; }

work=""
cleanup() {
  if [ -n "$work" ] && [ -d "$work" ]; then
    # debootstrap mounts proc/sys in the target; never delete through a mount.
    { grep -o " $work/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

# step NAME FUNCTION...: runs FUNCTION, then prints "NAME: $result (N.Ns)".
result=""
step() {
  local name=$1 t0 t1
  shift
  t0=$(date +%s%N)
  result=""
  "$@"
  t1=$(date +%s%N)
  printf 'docker-setup: %-38s %s (%d.%01ds)\n' "$name" "$result" \
    $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 100000000) % 10))
}

fail_with_log() { # MESSAGE LOGFILE
  echo "docker-setup: $1; last lines of $2:" >&2
  tail -n 40 "$2" >&2 || true
  exit 1
}

# ---- 1. packages --------------------------------------------------------------
install_packages() {
  local missing=() p
  for p in docker.io debootstrap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then result="present"; return; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  result="installed ${missing[*]}"
}

# ---- 2. the daemon ------------------------------------------------------------
daemon_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_daemon() {
  if daemon_answers; then result="running"; return; fi
  local pid="" state
  if pgrep -x dockerd >/dev/null; then
    result="waited for the dockerd already starting"
  else
    mkdir -p "$(dirname "$dockerd_log")"
    # Detached from this session and from every inherited descriptor, so that
    # ctest (which waits for its children's pipes) never waits for it.
    setsid dockerd >>"$dockerd_log" 2>&1 </dev/null 9>&- &
    pid=$!
    result="started (pid $pid, log $dockerd_log)"
  fi
  local deadline=$((SECONDS + 60))
  until daemon_answers; do
    if [ -n "$pid" ]; then
      state="$(awk '/^State:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
      if [ -z "$state" ] || [ "$state" = Z ]; then
        fail_with_log "dockerd exited while starting" "$dockerd_log"
      fi
    fi
    ((SECONDS < deadline)) || fail_with_log "dockerd did not answer within 60 s" "$dockerd_log"
    sleep 0.5
  done
}

# ---- 3. the base image --------------------------------------------------------
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null; }

# Trims a debootstrapped tree like the official "slim" variant and configures
# apt and dpkg the way the official image does, so images built FROM it stay
# small too.
trim_rootfs() {
  local dir=$1
  # The official sources: main, updates and security, from the same mirror host.
  rm -f "$dir/etc/apt/sources.list"
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# Like debian:*-slim: no documentation, manuals or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
EOF
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # Services never start from package scripts inside image builds.
  printf '#!/bin/sh\n# No service starts from package scripts inside image builds.\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"

  find "$dir/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$dir"/usr/share/{man,info,locale,groff,lintian,linda}/*
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/*
  mkdir -p "$dir/var/lib/apt/lists/partial"
  rm -f "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old
  rm -rf "$dir"/var/log/* "$dir"/tmp/* "$dir"/var/tmp/*
  # Docker provides these at run time; don't ship the build host's.
  : >"$dir/etc/resolv.conf"
  echo localhost >"$dir/etc/hostname"
}

ensure_base_image() {
  if [ -n "$(image_id "$base_image")" ]; then result="present"; return; fi
  work="$(mktemp -d /var/tmp/stackctl-debootstrap.XXXXXX)"
  local log="$work/debootstrap.log"
  # Two stages, so that dpkg runs the second with force-unsafe-io (no fsync
  # per file: a third faster, and harmless for an image, as in the images
  # Docker's own mkimage scripts made; kept for the builds FROM it).
  debootstrap --foreign --variant=minbase bookworm "$work/rootfs" "$mirror" >"$log" 2>&1 \
    || fail_with_log "debootstrap (first stage) failed" "$log"
  echo force-unsafe-io >"$work/rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  chroot "$work/rootfs" /debootstrap/debootstrap --second-stage >>"$log" 2>&1 \
    || fail_with_log "debootstrap (second stage) failed" "$log"
  { grep -o " $work/rootfs/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m"; done
  trim_rootfs "$work/rootfs"
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$work/rootfs" -c . |
    docker import \
      --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --message "debootstrap --variant=minbase bookworm $mirror (scripts/docker-setup.sh)" \
      - "$base_image" >/dev/null
  cleanup
  work=""
  result="built with debootstrap ($(docker image inspect -f '{{.Size}}' "$base_image" | awk '{printf "%d MB", $1/1e6}'))"
}

# ---- 4. the stand-in images ---------------------------------------------------
# The hash of an image's folder and common/ (names and contents) and of the
# base image. The build context is tests/docker/images: <name>/ and common/.
folder_hash() {
  local dir=$1 base_id=$2
  {
    (cd "$dir/.." && find "$(basename "$dir")" common -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    echo "base $base_id"
  } | sha256sum | cut -c1-64
}

ensure_stand_in() {
  local name=$1 tag=$2 dir="$images_dir/$1" base_id want have old_id log
  base_id="$(image_id "$base_image")"
  want="$(folder_hash "$dir" "$base_id")"
  have="$(docker image inspect -f "{{index .Config.Labels \"$hash_label\"}}" "$tag" 2>/dev/null || true)"
  if [ "$have" = "$want" ]; then result="up to date"; return; fi
  old_id="$(image_id "$tag" || true)"
  log="$(mktemp /tmp/stackctl-docker-build.XXXXXX.log)"
  # The classic builder: Debian 12 has no buildx, and it needs no registry.
  DOCKER_BUILDKIT=0 docker build --pull=false --build-arg "BASE_IMAGE=$base_image" \
    --label "$hash_label=$want" -t "$tag" -f "$dir/Dockerfile" "$images_dir" >"$log" 2>&1 \
    || fail_with_log "building $tag failed" "$log"
  rm -f "$log"
  # Drop the image this one replaced, unless something else still uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(image_id "$tag")" ] &&
    [ "$(docker image inspect -f '{{len .RepoTags}}' "$old_id" 2>/dev/null)" = 0 ]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
  if [ -n "$old_id" ]; then result="rebuilt"; else result="built"; fi
  result+=" ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1e6}'))"
}

t_start=$(date +%s%N)
step "packages (docker.io, debootstrap)" install_packages
step "dockerd" ensure_daemon
step "base image $base_image" ensure_base_image
for entry in "${stand_ins[@]}"; do
  read -r name tag <<<"$entry"
  step "$tag" ensure_stand_in "$name" "$tag"
done
t_end=$(date +%s%N)
printf 'docker-setup: ready in %d.%01ds\n' $(((t_end - t_start) / 1000000000)) $((((t_end - t_start) / 100000000) % 10))
