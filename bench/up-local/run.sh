#!/usr/bin/env bash
# Benchmark: `stackctl up` / `rollback` of the bundled stack on the local
# Docker Engine, against docker-compose v1.29 (Debian's) running an
# equivalent compose file generated from the same release's plan
# (bench/up-local/compose.jq). See bench/README.md, section "up-local".
#
#   bench/up-local/run.sh [--keep]
#
# Scenarios (RUNS times each, medians):
#   1. cold up to all-ready (images built, no containers or volumes)
#      vs docker-compose up -d + a readiness poll;            goal <= 1.0x
#   2. no-op up vs no-op docker-compose up -d;                 goal <= 0.2x
#   3. one-service change (inventory rebuilt and replaced)
#      vs docker build + docker-compose up -d --no-deps;       goal <= 1.2x
#   4. rollback vs an up that rebuilds the previous source;    goal <= 0.3x
#
# Environment: STACKCTL (default build-bench/stackctl), RUNS (3).
# --keep leaves the scratch directory (logs, JSON, compose file) after the
# run; containers, volumes, networks and the bench's images are removed
# either way. Always exits 0 once it has measured (a missed goal is a
# finding, not a failure); 1 when it cannot run.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stackctl="$(readlink -f "${STACKCTL:-$root/build-bench/stackctl}")"
runs="${RUNS:-3}"
keep=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/up-local: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

env_name=upbench              # environments/upbench.yaml in the project copy
project_name=stackctl-bench   # docker-compose -p
sc_ports=(13000 13010)        # rates-api, inventory: stackctl (relays)
port_offset=1000              # compose publishes on 14000, 14010
goal1=1.0 goal2=0.2 goal3=1.2 goal4=0.3

die() { echo "bench/up-local: $*" >&2; exit 1; }
log() { echo "bench/up-local: $*" >&2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
[ -x "$stackctl" ] || die "no stackctl binary at $stackctl; build one first:
  cmake -S . -B build-bench -G Ninja -DSTACKCTL_FUZZ_IN_TESTS=OFF -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2 --target stackctl"
[ -x "$(dirname "$stackctl")/stackctl-relay" ] || [ -n "${STACKCTL_RELAY:-}" ] ||
  die "no stackctl-relay beside $stackctl (it is built with the stackctl target)"
for tool in jq curl git; do command -v "$tool" >/dev/null || die "$tool not found"; done
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v docker-compose >/dev/null; then
  log "installing Debian's docker-compose (v1.29)"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker-compose >/dev/null ||
    die "cannot install the docker-compose package"
fi
bash "$root/scripts/docker-setup.sh" >/dev/null || die "scripts/docker-setup.sh failed"
for p in "${sc_ports[@]}" $((sc_ports[0] + port_offset)) $((sc_ports[1] + port_offset)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use on 127.0.0.1"; fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-bench-up-local.XXXXXX")"
project="$work/project"
out="$work/out"
mkdir -p "$out"
main_cpp="$project/services/inventory/src/main.cpp"
compose_file="$work/compose.json"
compose_env="$work/compose.env"

sc() { (cd "$project" && "$stackctl" "$@"); }
dc() { docker-compose -p "$project_name" -f "$compose_file" --env-file "$compose_env" "$@"; }
now_ms() { date +%s%3N; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Everything the bench builds, removed at exit: image tags, and the
# build-stage images the classic builder leaves untagged.
built_tags="$work/built-tags"
built_stages="$work/built-stages"
: >"$built_tags"
: >"$built_stages"
# note_build_stages LOG: the image each non-final stage ended with.
note_build_stages() {
  awk 'NF >= 2 && $(NF - 1) == "--->" && $NF ~ /^[0-9a-f]+$/ && length($NF) == 12 {id = $NF}
       /Step [0-9]+\/[0-9]+ : FROM/ {if (n++ && id != "") print id}' "$1" >>"$built_stages"
}

compose_down() {
  [ -f "$compose_file" ] && [ -f "$compose_env" ] && dc down -v --remove-orphans -t 5 >/dev/null 2>&1
  # Whatever compose left or could not name (an interrupted run).
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project_name")
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  ids=$(docker volume ls -q --filter "label=com.docker.compose.project=$project_name")
  [ -z "$ids" ] || docker volume rm $ids >/dev/null 2>&1
  docker network rm "${project_name}_default" >/dev/null 2>&1
  return 0
}

cleanup() {
  trap - EXIT INT TERM
  log "cleaning up"
  compose_down
  [ -d "$project/.stackctl" ] && sc down "$env_name" --purge >/dev/null 2>&1
  local t
  sort -u "$built_tags" | while read -r t; do [ -z "$t" ] || docker rmi "$t" >/dev/null 2>&1; done
  sort -u "$built_stages" | while read -r t; do [ -z "$t" ] || docker rmi "$t" >/dev/null 2>&1; done
  if [ "$keep" -eq 1 ]; then
    rm -f "$compose_env"
    log "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the project copy: its own git history, key, secrets and environment -----
source "$root/tests/lib/project_copy.sh"
project_copy "$root" "$work"
isolated_secrets_home "$work/home"
cat >"$project/environments/$env_name.yaml" <<EOF
# bench/up-local: the local environment on the stand-in images
# (scripts/docker-setup.sh), on ports of its own.
extends: local
images:
  postgres: "stackctl-test/postgres:15"
  mysql: "stackctl-test/mysql:8.0"
  redis: "stackctl-test/redis:7"
  activemq: "stackctl-test/activemq:5"
services:
  rates-api:
    ports: [{name: http, port: 8080, publish: ${sc_ports[0]}}]
  inventory:
    ports: [{name: http, port: 8080, publish: ${sc_ports[1]}}]
EOF
(cd "$project" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@localhost commit -qm "bench project") ||
  die "git init of the project copy failed"
{ sc secrets keygen && sc secrets init "$env_name" && sc secrets generate "$env_name" --missing; } >/dev/null 2>&1 ||
  die "could not set up the secrets"
cp "$main_cpp" "$work/main.cpp.orig"
# Anything left by an interrupted run.
sc down "$env_name" --purge >/dev/null 2>&1
compose_down

# set_marker TEXT: the inventory source, changed so that its compiled binary
# (not only its content hash) differs: a comment would leave the image
# identical. Always one line on the original file.
set_marker() {
  cp "$work/main.cpp.orig" "$main_cpp"
  printf '[[gnu::used]] static const char stackctl_bench_marker[] = "%s";\n' "$1" >>"$main_cpp"
}
nonce() { od -An -N4 -tx4 /dev/urandom | tr -d ' '; }

# wait_ready FILTER URL...: every container matching the label FILTER is
# running and healthy (or has no health check), every seed job has exited
# 0, and every URL/readyz answers 200. Polls every 200 ms, up to 300 s.
wait_ready() {
  local filter=$1 deadline=$(($(now_ms) + 300000)) ids bad url
  shift
  while :; do
    ids=$(docker ps -aq --filter "label=$filter")
    bad=""
    if [ -z "$ids" ]; then
      bad="no containers"
    else
      bad=$(docker inspect $ids 2>/dev/null | jq -r '.[] | (.Name | ltrimstr("/")) as $n | .State as $s |
        if ($n | test("seed")) then (if $s.Status == "exited" and $s.ExitCode == 0 then empty else "\($n): \($s.Status) \($s.ExitCode)" end)
        elif $s.Status != "running" then "\($n): \($s.Status)"
        elif ($s.Health.Status // "healthy") != "healthy" then "\($n): \($s.Health.Status)"
        else empty end' | head -3 | tr '\n' ' ')
    fi
    if [ -z "$bad" ]; then
      for url in "$@"; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/readyz")" = 200 ] || { bad="$url/readyz"; break; }
      done
    fi
    [ -z "$bad" ] && return 0
    if (($(now_ms) > deadline)); then
      log "not ready after 300 s: $bad"
      return 1
    fi
    sleep 0.2
  done
}
sc_urls=("http://127.0.0.1:${sc_ports[0]}" "http://127.0.0.1:${sc_ports[1]}")
dc_urls=("http://127.0.0.1:$((sc_ports[0] + port_offset))" "http://127.0.0.1:$((sc_ports[1] + port_offset))")
sc_ready() { wait_ready "org.stackctl.instance=$env_name" "$@"; }
dc_ready() { wait_ready "com.docker.compose.project=$project_name" "$@"; }

# sc_timed NAME VERB ARGS...: runs stackctl VERB ENV ARGS -o json into
# out/NAME.json (stderr: out/NAME.err); dies with its error when it fails.
sc_timed() {
  local name=$1 verb=$2
  shift 2
  sc "$verb" "$env_name" "$@" -o json >"$out/$name.json" 2>"$out/$name.err" ||
    { tail -n 30 "$out/$name.err" >&2; die "stackctl $verb failed ($name)"; }
  grep -o 'building [a-z-]* ([^)]*)' "$out/$name.err" | sed 's/.*(\(.*\))/\1/' >>"$built_tags"
  note_build_stages "$out/$name.err"
}
# changed NAME: "key:action ..." of what a stackctl run changed.
changed() { jq -r '[.changes[] | select(.action != "unchanged") | "\(.key):\(.action)"] | join(" ")' "$out/$1.json"; }
secs() { jq -r --arg k "$2" '[.changes[] | select(.key == $k) | .seconds][0] // 0 | . * 10 | round / 10' "$out/$1.json"; }
built_secs() { sed -n 's/^built [a-z-]* [^ ]* in \([0-9.]*\)s$/\1/p' "$out/$1.err" | head -1; }
ms_s() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

declare -A times
record() { times[$1]="${times[$1]:-} $2"; } # SCENARIO-SIDE MS

median() { # MS... -> ms
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo "bench/up-local: $("$stackctl" version 2>/dev/null | head -1), $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /'), Docker Engine $(docker version -f '{{.Server.Version}}' 2>/dev/null), $(nproc) cores, RUNS=$runs"
echo "bench/up-local: load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- warm-up (not timed): images built, the release's plan, the compose file --
t0=$(now_ms)
sc_timed warmup up
log "warm-up stackctl up (builds the service images when missing): $(ms_s $(($(now_ms) - t0))) s"
# Images of the unmodified source stay: they are what `stackctl up` of this
# tree builds anyway (content-addressed tags), possibly in use by others.
: >"$built_tags"
: >"$built_stages"
plan_ref=""
for p in manifests/docker/plan.json docker/plan.json; do
  git --git-dir "$project/.stackctl/releases.git" cat-file -e "$env_name:$p" 2>/dev/null && { plan_ref="$env_name:$p"; break; }
done
[ -n "$plan_ref" ] || die "no docker/plan.json in the release store"
git --git-dir "$project/.stackctl/releases.git" show "$plan_ref" >"$work/plan.json"
docker image inspect $(jq -r '[.containers[].spec.image] | unique[]' "$work/plan.json") >"$work/images.json" ||
  die "an image of the plan is missing"
seed_file=$(jq -r '[.containers[] | select(.seed) | .seed.file][0] // empty' "$work/plan.json")
jq -f "$here/compose.jq" \
  --argjson images "$(jq '[.[] | {key: .Id, value: (.RepoTags[0] // .Id)}] | from_entries' "$work/images.json")" \
  --argjson healthtests "$(jq '[.[] | {key: .Id, value: (.Config.Healthcheck.Test // null)}] | from_entries' "$work/images.json")" \
  --arg seedfile "$(readlink -f "$project/$seed_file")" --argjson port_offset "$port_offset" \
  "$work/plan.json" >"$compose_file" || die "could not generate the compose file"
# The secrets the plan references, for compose's interpolation; mode 600,
# values never printed.
(
  umask 077
  for name in $(grep -o '\${secret:[^}]*}' "$work/plan.json" | sed 's/^\${secret://; s/}$//' | sort -u); do
    value=$(sc secrets get "$env_name" "$name") || exit 1
    [[ "$value" =~ ^[A-Za-z0-9._~+/=-]*$ ]] || { echo "secret $name has characters the env file would need quoted" >&2; exit 1; }
    printf 'BENCH_SECRET_%s=%s\n' "$(tr 'a-z-' 'A-Z_' <<<"$name")" "$value"
  done >"$compose_env"
) || die "could not write the compose env file"
dc config -q || die "docker-compose rejects the generated file ($compose_file)"
sc down "$env_name" --purge >/dev/null 2>&1
t0=$(now_ms)
dc up -d >"$out/warmup-compose.log" 2>&1 && dc_ready "${dc_urls[@]}" ||
  { tail -n 20 "$out/warmup-compose.log" >&2; die "the compose stack did not come up"; }
log "warm-up docker-compose up (checks the generated file): $(ms_s $(($(now_ms) - t0))) s"
compose_down

# ---- 1. cold up -------------------------------------------------------------------
echo
echo "== 1. cold up to all-ready (images already built for both; no containers, volumes or network)"
s1_stackctl() {
  local i=$1 t0 t
  t0=$(now_ms)
  sc_timed "s1-$i" up
  sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready (s1-$i)"
  t=$(($(now_ms) - t0))
  record s1-sc "$t"
  local f="s1-$i"
  printf '  run %d  stackctl        %7s s   (rates-db %s + seed %s + rates-api %s + relay %s s; inventory-db %s + inventory %s + relay %s s; load %s)\n' \
    "$i" "$(ms_s "$t")" "$(secs $f dependency/rates-db)" "$(secs $f seed/rates-db)" "$(secs $f service/rates-api)" \
    "$(secs $f relay/rates-api)" "$(secs $f dependency/inventory-db)" "$(secs $f service/inventory)" \
    "$(secs $f relay/inventory)" "$(load1)"
  sc down "$env_name" --purge >/dev/null 2>&1
}
s1_compose() {
  local i=$1 t0 t1 t
  t0=$(now_ms)
  dc up -d >"$out/s1-$i-compose.log" 2>&1 || { tail -n 20 "$out/s1-$i-compose.log" >&2; die "docker-compose up failed"; }
  t1=$(now_ms)
  dc_ready "${dc_urls[@]}" || die "compose's stack is not ready (s1-$i)"
  t=$(($(now_ms) - t0))
  record s1-dc "$t"
  printf '  run %d  docker-compose  %7s s   (up -d %s s + readiness poll %s s; load %s)\n' \
    "$i" "$(ms_s "$t")" "$(ms_s $((t1 - t0)))" "$(ms_s $((t - t1 + t0)))" "$(load1)"
  compose_down
}
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then s1_stackctl "$i"; s1_compose "$i"; else s1_compose "$i"; s1_stackctl "$i"; fi
done

# Both stacks up for the rest (untimed); each side is timed on its own stack.
sc_timed setup up
sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready"
dc up -d >"$out/setup-compose.log" 2>&1 && dc_ready "${dc_urls[@]}" || die "compose's stack is not ready"

# ---- 2. no-op up ----------------------------------------------------------------------
echo
echo "== 2. no-op up (everything running)"
for ((i = 1; i <= runs; i++)); do
  t0=$(now_ms)
  sc_timed "s2-$i" up
  t=$(($(now_ms) - t0))
  [ "$(jq -r .changed "$out/s2-$i.json")" = false ] || log "s2-$i: stackctl changed something: $(changed "s2-$i")"
  record s2-sc "$t"
  t0=$(now_ms)
  dc up -d >"$out/s2-$i-compose.log" 2>&1 || die "docker-compose up failed (s2-$i)"
  t2=$(($(now_ms) - t0))
  record s2-dc "$t2"
  printf '  run %d  stackctl %6s s   docker-compose %6s s   (compose: %s)\n' "$i" "$(ms_s "$t")" "$(ms_s "$t2")" \
    "$(grep -c 'is up-to-date' "$out/s2-$i-compose.log") up-to-date, $(grep -c '^Starting .* done' "$out/s2-$i-compose.log") started"
done
dc_ready "${dc_urls[@]}" || die "compose's stack is not ready after the no-op runs"

# ---- 3 and 4. a one-service change; rollback ---------------------------------------------
echo
echo "== 3. one-service change (inventory's source edited: rebuilt and replaced) and 4. rollback"
prev_marker=""
s34_stackctl() {
  local i=$1 t0 t marker base
  marker="s3-$i-$(nonce)"
  set_marker "$marker"
  t0=$(now_ms)
  sc_timed "s3-$i" up
  sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready (s3-$i)"
  t=$(($(now_ms) - t0))
  record s3-sc "$t"
  [ "$(changed "s3-$i")" = "service/inventory:replaced" ] || log "s3-$i: unexpected changes: $(changed "s3-$i")"
  printf '  run %d  3. stackctl up           %7s s   (build %s s, replace %s s; load %s)\n' "$i" "$(ms_s "$t")" \
    "$(built_secs "s3-$i")" "$(secs "s3-$i" service/inventory)" "$(load1)"

  # 4. back to the release before: by digest, no build.
  t0=$(now_ms)
  sc_timed "s4-$i" rollback
  sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready (s4-$i)"
  t=$(($(now_ms) - t0))
  record s4-rb "$t"
  [ "$(changed "s4-$i")" = "service/inventory:replaced" ] || log "s4-$i: unexpected changes: $(changed "s4-$i")"
  printf '  run %d  4. stackctl rollback     %7s s   (replace %s s; load %s)\n' "$i" "$(ms_s "$t")" \
    "$(secs "s4-$i" service/inventory)" "$(load1)"

  # 4'. without rollback: the previous source back by hand and `up`, which
  # rebuilds (a fresh nonce, so neither the image store nor the layer cache
  # has it).
  base="${prev_marker:-original}-again-$(nonce)"
  set_marker "$base"
  t0=$(now_ms)
  sc_timed "s4b-$i" up
  sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready (s4b-$i)"
  t=$(($(now_ms) - t0))
  record s4-up "$t"
  printf '  run %d  4. stackctl up (rebuild) %7s s   (build %s s, replace %s s; load %s)\n' "$i" "$(ms_s "$t")" \
    "$(built_secs "s4b-$i")" "$(secs "s4b-$i" service/inventory)" "$(load1)"

  # Informational: the exact source of step 3 back (its image is still
  # tagged): `up` replaces the container without building.
  set_marker "$marker"
  t0=$(now_ms)
  sc_timed "s4x-$i" up
  sc_ready "${sc_urls[@]}" || die "stackctl's stack is not ready (s4x-$i)"
  t=$(($(now_ms) - t0))
  record s4-x "$t"
  printf '  run %d  (up of an exact revert   %7s s   image still tagged: no build, replace %s s)\n' "$i" "$(ms_s "$t")" \
    "$(secs "s4x-$i" service/inventory)"
  prev_marker=$marker
}
s3_compose() {
  local i=$1 t0 t1 t2 t tag
  set_marker "c3-$i-$(nonce)"
  tag="$project_name/inventory:c3-$i-$(nonce)"
  echo "$tag" >>"$built_tags"
  t0=$(now_ms)
  (cd "$project" && DOCKER_BUILDKIT=0 docker build -f services/inventory/Dockerfile -t "$tag" .) >"$out/s3-$i-build.log" 2>&1 ||
    { tail -n 20 "$out/s3-$i-build.log" >&2; die "docker build failed (s3-$i)"; }
  note_build_stages "$out/s3-$i-build.log"
  t1=$(now_ms)
  BENCH_IMAGE_INVENTORY=$tag dc up -d --no-deps inventory >"$out/s3-$i-compose.log" 2>&1 ||
    { tail -n 20 "$out/s3-$i-compose.log" >&2; die "docker-compose up --no-deps failed (s3-$i)"; }
  t2=$(now_ms)
  dc_ready "${dc_urls[@]}" || die "compose's stack is not ready (s3-$i)"
  t=$(($(now_ms) - t0))
  record s3-dc "$t"
  printf '  run %d  3. docker build+compose  %7s s   (docker build %s s, up -d --no-deps %s s, readiness %s s; load %s)\n' \
    "$i" "$(ms_s "$t")" "$(ms_s $((t1 - t0)))" "$(ms_s $((t2 - t1)))" "$(ms_s $((t0 + t - t2)))" "$(load1)"
}
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then s34_stackctl "$i"; s3_compose "$i"; else s3_compose "$i"; s34_stackctl "$i"; fi
done

# ---- results -------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
met() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g) ? "met" : "NOT MET" }'; }
echo
echo "== results: medians of $runs runs (ratio = stackctl / peer, of the medians; lower is better)"
printf '%-44s %12s %12s %8s %8s %8s  %s\n' "scenario" "stackctl" "peer" "ratio" "paired" "goal" "result"
# paired: the median of the per-run ratios (each run's two sides measured
# back to back), less sensitive to load that drifts during the benchmark.
paired() { # SC-KEY PEER-KEY
  median $(paste <(printf '%s\n' ${times[$1]}) <(printf '%s\n' ${times[$2]}) | awk '{ printf "%d\n", 10000 * $1 / $2 }') |
    awk '{ printf "%.2f", $1 / 10000 }'
}
row() { # LABEL SC-KEY PEER-KEY GOAL
  local a b r
  a=$(median ${times[$2]})
  b=$(median ${times[$3]})
  r=$(ratio "$a" "$b")
  printf '%-44s %10s s %10s s %7sx %7sx %7sx  %s\n' "$1" "$(ms_s "$a")" "$(ms_s "$b")" "$r" "$(paired "$2" "$3")" "$4" \
    "$(met "$r" "$4")"
}
row "1. cold up, to all ready" s1-sc s1-dc "$goal1"
row "2. no-op up" s2-sc s2-dc "$goal2"
row "3. one-service change (build + replace)" s3-sc s3-dc "$goal3"
row "4. rollback vs up rebuilding the previous" s4-rb s4-up "$goal4"
echo "   peers: 1-2 docker-compose up -d (+ readiness poll in 1); 3 docker build + docker-compose up -d --no-deps"
echo "   + readiness poll; 4 stackctl up of the previous source with a rebuild."
echo "   (info: stackctl up of an exactly reverted source, image still tagged: $(ms_s "$(median ${times[s4-x]})") s median)"
echo "bench/up-local: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit 0
