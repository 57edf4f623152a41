#!/usr/bin/env bash
# Builds the libFuzzer target for the environment loader (clang, ASan) in
# build-fuzz/ and runs it for a bounded time on a scratch copy of
# tests/fuzz/corpus/, so new corpus entries never land in the repository.
#
#   scripts/fuzz.sh                 60 s
#   FUZZ_SECONDS=600 scripts/fuzz.sh
#   scripts/fuzz.sh -runs=1000      extra arguments go to libFuzzer
#
# Exits non-zero on a crash, leak, timeout or out-of-memory, and prints the
# path of the reproducer (kept under $FUZZ_ARTIFACTS, default /tmp).
# Reproduce one with: build-fuzz/fuzz_environment_loader REPRODUCER
#
# yaml-cpp 0.7 (Debian 12) loops forever, allocating, in YAML::LoadAll on
# input such as "," (yaml-cpp issue #1040, fixed upstream by PR #1319), so
# until cli/config/yaml_parse.cpp guards against it the default run stops at
# that timeout within a minute. To look past it:
#   scripts/fuzz.sh -fork=1 -ignore_timeouts=1 -ignore_ooms=1
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
artifacts="${FUZZ_ARTIFACTS:-/tmp}"
fuzzer="$build/fuzz_environment_loader"

command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (scripts/setup.sh installs it)" >&2; exit 1; }

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DSTACKCTL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j2 --target fuzz_environment_loader

work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-fuzz-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/tmp" "$artifacts"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
# The fuzzer's scratch projects (one per process; fork mode starts many) go
# under $work too, so a killed or crashed process leaves nothing behind.
export TMPDIR="$work/tmp"

echo "fuzz: running $fuzzer for ${seconds}s (corpus copy in $work/corpus)"
status=0
(cd "$work" && "$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -timeout=10 \
  -dict="$root/tests/fuzz/environment_loader.dict" \
  -artifact_prefix="$artifacts/stackctl-fuzz-" -print_final_stats=1 "$@") 2>&1 | tee "$work/fuzz.log" \
  || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status)" >&2
  grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: .* threw|artifact_prefix|Test unit written to)' "$work/fuzz.log" >&2 || true
  reproducer="$(sed -n 's/^Test unit written to \(.*\)$/\1/p' "$work/fuzz.log" | tail -1)"
  [ -n "$reproducer" ] && echo "fuzz: reproducer: $reproducer (base64: $(base64 -w0 "$reproducer"))" >&2
  exit "$status"
fi
echo "fuzz: no findings in ${seconds}s"
