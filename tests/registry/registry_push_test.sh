#!/usr/bin/env bash
# registry-push: stackctl's own OCI push (cli/clients/registry/, cli/images/push) against Debian's real
# docker-registry on 127.0.0.1 (random port, temp storage), with htpasswd
# (bcrypt) Basic auth and then token (Bearer) auth through
# tests/registry/token_issuer.py. Images are built with the real dockerd,
# labelled stackctl.test=registry and removed on exit, failure included.
#
#   registry_push_test.sh REGISTRY_PUSH_TOOL
set -euo pipefail

tool=$1
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/docker-setup.sh" >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-registry-XXXXXX")"
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$tool" cleanup || true
  if [ $rc -ne 0 ]; then
    for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }; done
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

fail() { echo "registry-push: FAIL: $*" >&2; exit 1; }
ok() { echo "registry-push: ok: $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_http URL: until something answers HTTP there (any status), at most 10 s.
wait_http() {
  for _ in $(seq 100); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}
sha() { sha256sum | cut -d' ' -f1; }

user=pusher
password="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$password" >"$work/password"
printf '%s\n' "wrong-$password" >"$work/wrong-password"
chmod 600 "$work/password" "$work/wrong-password"
# curl reads the credentials from a config file, not from argv.
printf 'user = "%s:%s"\n' "$user" "$password" >"$work/curlrc"
PYTHONWARNINGS=ignore python3 -c '
import crypt, sys
pw = open(sys.argv[2]).readline().rstrip("\n")
print(sys.argv[1] + ":" + crypt.crypt(pw, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' "$user" "$work/password" >"$work/htpasswd"
grep -q "^$user:\$2" "$work/htpasswd" || fail "no bcrypt htpasswd entry"

# start_registry NAME PORT AUTH_YAML [EXTRA_YAML]: docker-registry on the shared storage.
start_registry() {
  cat >"$work/$1.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $work/storage
  delete:
    enabled: false
${4:-}
http:
  addr: 127.0.0.1:$2
$3
YAML
  /usr/bin/docker-registry serve "$work/$1.yml" >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "${1}_pid=$!"
  wait_http "http://127.0.0.1:$2/v2/" || fail "registry $1 did not start"
}

port=$(free_port)
host="127.0.0.1:$port"
start_registry basic "$port" "auth:
  htpasswd:
    realm: stackctl-test
    path: $work/htpasswd"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$host/v2/")" = 401 ] || fail "the registry does not ask for credentials"

# ---- images: two sharing the base ---------------------------------------------
tag_a="stackctl-test/registry-a:$$"
tag_b="stackctl-test/registry-b:$$"
mkdir -p "$work/a" "$work/b"
printf 'FROM debian:bookworm-slim\nRUN echo pushed-image-a-works > /hello.txt\nCMD ["cat", "/hello.txt"]\n' >"$work/a/Dockerfile"
printf 'FROM debian:bookworm-slim\nRUN echo image-b > /b.txt\nCMD ["cat", "/b.txt"]\n' >"$work/b/Dockerfile"
"$tool" build "$tag_a" "$work/a" >/dev/null
"$tool" build "$tag_b" "$work/b" >/dev/null

push() { # LOCAL HOST REPO TAG PASSWORD_FILE -> JSON on stdout, progress in $work/push.err
  "$tool" push "$1" "$2" "$3" "$4" "$user" "$5" 2>"$work/push.err"
}
field() { jq -r ".$2" <<<"$1"; }

# ---- first push ------------------------------------------------------------------
out=$(push "$tag_a" "$host" team/app v1 "$work/password") || { cat "$work/push.err"; fail "first push"; }
digest=$(field "$out" digest)
[ "$(field "$out" reference)" = "$host/team/app@$digest" ] || fail "reference $(field "$out" reference)"
[ "$(field "$out" skipped)" = 0 ] && [ "$(field "$out" uploaded)" -ge 3 ] || fail "first push counts: $out"
ok "pushed $tag_a as $(field "$out" reference) ($(field "$out" uploaded) blobs, $(field "$out" bytes) bytes)"

accept='Accept: application/vnd.oci.image.manifest.v1+json'
curl -sf -K "$work/curlrc" -H "$accept" "http://$host/v2/team/app/manifests/$digest" -o "$work/manifest.json" ||
  fail "manifest by digest missing"
[ "sha256:$(sha <"$work/manifest.json")" = "$digest" ] || fail "manifest bytes do not match the digest"
[ "$(jq -r .mediaType "$work/manifest.json")" = application/vnd.oci.image.manifest.v1+json ] || fail "media type"
for d in $(jq -r '.config.digest, .layers[].digest' "$work/manifest.json"); do
  [ "sha256:$(curl -sf -K "$work/curlrc" "http://$host/v2/team/app/blobs/$d" | sha)" = "$d" ] ||
    fail "blob $d missing or wrong"
done
jq -e '.layers | length >= 2' "$work/manifest.json" >/dev/null || fail "expected base + one layer"
ok "manifest by digest and every blob present with the right sha256"
curl -sf -K "$work/curlrc" "http://$host/v2/team/app/tags/list" | jq -e '.tags == ["v1"]' >/dev/null ||
  fail "tags list"
curl -sf -K "$work/curlrc" -H "$accept" "http://$host/v2/team/app/manifests/v1" | cmp -s - "$work/manifest.json" ||
  fail "the tag does not name the pushed manifest"
ok "tags list: v1 -> $digest"

# ---- again: nothing uploaded, same digest ------------------------------------------
out2=$(push "$tag_a" "$host" team/app v1 "$work/password") || { cat "$work/push.err"; fail "second push"; }
[ "$(field "$out2" digest)" = "$digest" ] || fail "second push changed the digest: $out2"
[ "$(field "$out2" uploaded)" = 0 ] && [ "$(field "$out2" skipped)" = "$(field "$out" uploaded)" ] ||
  fail "second push counts: $out2"
ok "second push: all $(field "$out2" skipped) blobs skipped, same digest"

# ---- a second image on the same base: the base layer is skipped -------------------------
base_layer=$(jq -r '.layers[0].digest' "$work/manifest.json")
out3=$(push "$tag_b" "$host" team/app b1 "$work/password") || { cat "$work/push.err"; fail "push of b"; }
[ "$(field "$out3" skipped)" -ge 1 ] && [ "$(field "$out3" uploaded)" -ge 2 ] || fail "push of b counts: $out3"
grep -q "exists    $base_layer" "$work/push.err" || fail "the base layer was not skipped"
ok "second image: base layer $base_layer skipped, $(field "$out3" uploaded) blobs uploaded"

# ---- wrong password: 401, no secret anywhere ------------------------------------------
if "$tool" push "$tag_a" "$host" team/app v1 "$user" "$work/wrong-password" >"$work/wrong.out" 2>&1; then
  fail "push with a wrong password succeeded"
fi
grep -q "401" "$work/wrong.out" || fail "no status 401 in: $(cat "$work/wrong.out")"
! grep -qF "$password" "$work/wrong.out" "$work/basic.log" || fail "a password is in the output or the registry log"
ok "wrong password: $(head -c 200 "$work/wrong.out")"

# ---- pull back by digest through the Engine API and run it -------------------------------
# dockerd pulls anonymously: a second, read-only registry on the same storage.
ro_port=$(free_port)
start_registry readonly "$ro_port" "" "  maintenance:
    readonly:
      enabled: true"
run_out=$("$tool" run "127.0.0.1:$ro_port/team/app@$digest") || fail "run of the pulled image: $run_out"
[ "$run_out" = pushed-image-a-works ] || fail "the pulled image printed '$run_out'"
ok "pulled 127.0.0.1:$ro_port/team/app@$digest with dockerd and ran it: $run_out"

# ---- registry down: a clear error ----------------------------------------------------------
kill "$basic_pid"
wait "$basic_pid" 2>/dev/null || true
if "$tool" push "$tag_a" "$host" team/app v1 "$user" "$work/password" >"$work/down.out" 2>&1; then
  fail "push to a stopped registry succeeded"
fi
grep -q "cannot reach the registry at http://$host" "$work/down.out" || fail "unclear error: $(cat "$work/down.out")"
ok "registry down: $(cat "$work/down.out")"

# ---- Bearer: token auth through token_issuer.py --------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/token.key" -out "$work/token.crt" -days 1 \
  -subj "/CN=stackctl-test-token-issuer" >/dev/null 2>&1
token_port=$(free_port)
python3 "$here/token_issuer.py" "$token_port" stackctl-test-issuer stackctl-test-registry \
  "$work/token.key" "$work/token.crt" "$user" "$work/password" >"$work/issuer.log" 2>&1 &
pids+=($!)
# The push's first token request must not race the issuer's start-up.
wait_http "http://127.0.0.1:$token_port/token" || fail "the token issuer did not start"
bearer_port=$(free_port)
start_registry bearer "$bearer_port" "auth:
  token:
    realm: http://127.0.0.1:$token_port/token
    service: stackctl-test-registry
    issuer: stackctl-test-issuer
    rootcertbundle: $work/token.crt"
curl -s -D - -o /dev/null "http://127.0.0.1:$bearer_port/v2/" | grep -qi '^www-authenticate: Bearer' ||
  fail "the token registry does not send a Bearer challenge"
out4=$(push "$tag_a" "127.0.0.1:$bearer_port" bearer/app v1 "$work/password") ||
  { cat "$work/push.err"; fail "push through the token server"; }
[ "$(field "$out4" digest)" = "$digest" ] || fail "the same image got another digest: $out4"
# Blobs belong to a repository: the shared storage has them, but not for bearer/app.
[ "$(field "$out4" uploaded)" = "$(field "$out" uploaded)" ] || fail "bearer/app counts: $out4"
out5=$(push "$tag_a" "127.0.0.1:$bearer_port" bearer/app v1 "$work/password") ||
  { cat "$work/push.err"; fail "second push through the token server"; }
[ "$(field "$out5" uploaded)" = 0 ] && [ "$(field "$out5" digest)" = "$digest" ] || fail "bearer/app again: $out5"
ok "Bearer: pushed through the token server as $(field "$out4" reference), again with all blobs skipped"
if "$tool" push "$tag_a" "127.0.0.1:$bearer_port" bearer/app v1 "$user" "$work/wrong-password" >"$work/wrong2.out" 2>&1; then
  fail "token push with a wrong password succeeded"
fi
grep -q "401" "$work/wrong2.out" && ! grep -qF "$password" "$work/wrong2.out" || fail "token refusal: $(cat "$work/wrong2.out")"
ok "Bearer, wrong password: $(head -c 200 "$work/wrong2.out")"

echo "registry-push: all checks passed"
