#!/usr/bin/env bash
# Interop of stackctl's age implementation (cli/crypto/age*) with the real
# age CLI, through the test driver stackctl_age_tool: files encrypted by
# either side decrypt on the other, binary and armored, for sizes around the
# 64 KiB chunk boundary; each side's identities work with the other; files
# to several recipients mix both sides' keys; and wrong keys or a tampered
# payload are refused by both.
#
#   age_interop.sh STACKCTL_AGE_TOOL
set -uo pipefail
tool=$(realpath "$1")
if ! command -v age >/dev/null || ! command -v age-keygen >/dev/null; then
  echo "age-interop: the age CLI is missing: install the Debian package 'age' (scripts/setup.sh lists it)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {  # fail NAME [DETAILS]
  failed=$((failed + 1))
  echo "FAIL: $1"
  [ -z "${2:-}" ] || echo "$2" | head -20 | sed 's/^/    /'
}
# roundtrip NAME INPUT ENCRYPT-COMMAND -- DECRYPT-COMMAND: the decrypted
# output must equal INPUT byte for byte.
roundtrip() {
  local name=$1 input=$2
  shift 2
  local enc=() dec=()
  while [ "$1" != "--" ]; do enc+=("$1"); shift; done
  shift
  dec=("$@")
  if ! "${enc[@]}" <"$input" >enc.out 2>enc.err; then fail "$name: encrypt failed" "$(cat enc.err)"; return; fi
  if ! "${dec[@]}" <enc.out >dec.out 2>dec.err; then fail "$name: decrypt failed" "$(cat dec.err)"; return; fi
  if cmp -s "$input" dec.out; then pass; else fail "$name: decrypted bytes differ"; fi
}
# refuses NAME WANT-IN-STDERR COMMAND... < stdin: exit 1 and the message.
refuses() {
  local name=$1 want=$2
  shift 2
  local out
  out=$("$@" 2>&1 >/dev/null)
  local got=$?
  if [ "$got" -eq 0 ]; then fail "$name: succeeded, want a refusal"; return; fi
  if grep -qF -- "$want" <<<"$out"; then pass; else fail "$name: message lacks: $want" "$out"; fi
}

# Keys: one identity from each side, each read by the other.
"$tool" keygen >ours.key || { echo "age-interop: stackctl_age_tool keygen failed"; exit 1; }
age-keygen -o theirs.key 2>/dev/null
ours=$(sed -n 's/^# public key: //p' ours.key)
theirs=$(age-keygen -y theirs.key)
same() {  # same NAME GOT WANT
  if [ "$2" = "$3" ]; then pass; else fail "$1" "got: $2"; fi
}
same "age-keygen -y derives our recipient" "$(age-keygen -y ours.key 2>&1)" "$ours"
same "we derive age-keygen's recipient" "$("$tool" recipient -i theirs.key 2>&1)" "$theirs"

# Messages: empty, 1 byte, text, exactly one chunk, one chunk + 1, two full
# chunks, 200 KiB of random bytes.
: >m-empty
printf 'x' >m-1
printf 'stackctl secrets\nline two\n' >m-text
head -c 65536 /dev/urandom >m-64k
head -c 65537 /dev/urandom >m-64k+1
head -c 131072 /dev/urandom >m-128k
head -c 204800 /dev/urandom >m-200k

for m in m-empty m-1 m-text m-64k m-64k+1 m-128k m-200k; do
  for a in "" "-a"; do
    label="$m${a:+ armored}"
    roundtrip "ours->age (age-keygen key), $label" "$m" "$tool" encrypt $a -r "$theirs" -- age -d -i theirs.key
    roundtrip "ours->age (our key), $label" "$m" "$tool" encrypt $a -r "$ours" -- age -d -i ours.key
    roundtrip "age->ours (age-keygen key), $label" "$m" age -e $a -r "$theirs" -- "$tool" decrypt -i theirs.key
    roundtrip "age->ours (our key), $label" "$m" age -e $a -r "$ours" -- "$tool" decrypt -i ours.key
  done
done

# Several recipients, mixing both sides' keys; every identity opens the file
# on both sides.
"$tool" keygen >ours2.key
ours2=$(sed -n 's/^# public key: //p' ours2.key)
for key in ours.key theirs.key ours2.key; do
  roundtrip "ours, 3 recipients -> age -i $key" m-text "$tool" encrypt -a -r "$ours" -r "$theirs" -r "$ours2" -- \
    age -d -i "$key"
  roundtrip "ours, 3 recipients -> ours -i $key" m-64k+1 "$tool" encrypt -r "$ours" -r "$theirs" -r "$ours2" -- \
    "$tool" decrypt -i "$key"
  roundtrip "age, 3 recipients -> ours -i $key" m-200k age -e -r "$ours" -r "$theirs" -r "$ours2" -- \
    "$tool" decrypt -i "$key"
done
# Several identity files: the one that matches is found.
roundtrip "age -> ours with two identity files" m-text age -e -r "$theirs" -- "$tool" decrypt -i ours.key -i theirs.key

# Refusals, on both sides.
age-keygen -o stranger.key 2>/dev/null
age -e -r "$ours" -r "$theirs" <m-text >two.age
refuses "ours: wrong identity" "no_identity_matched" "$tool" decrypt -i stranger.key <two.age
refuses "ours: wrong identity message" "2 X25519 recipient stanzas and 1 identity was tried" \
  "$tool" decrypt -i stranger.key <two.age
"$tool" encrypt -r "$ours" -r "$theirs" <m-text >two-ours.age
refuses "age: wrong identity" "no identity matched" age -d -i stranger.key <two-ours.age

# A flipped payload byte (the last one) and an appended byte.
flip_last() {  # flip_last IN OUT: OUT is IN with the lowest bit of its last byte flipped
  local last
  last=$(tail -c 1 "$1" | od -An -tu1 | tr -d ' ')
  head -c -1 "$1" >"$2"
  printf "\\$(printf '%03o' $((last ^ 1)))" >>"$2"
}
age -e -r "$ours" <m-64k+1 >big.age
flip_last big.age flipped.age
refuses "ours: flipped payload byte of age's file" "payload" "$tool" decrypt -i ours.key <flipped.age
flip_last two-ours.age flipped-ours.age
refuses "age: flipped payload byte of our file" "age: error" age -d -i ours.key <flipped-ours.age
{ cat two.age; printf 'x'; } >appended.age
refuses "ours: byte appended to age's file" "payload" "$tool" decrypt -i ours.key <appended.age
{ cat two-ours.age; printf 'x'; } >appended-ours.age
refuses "age: byte appended to our file" "age: error" age -d -i ours.key <appended-ours.age

echo "age-interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
