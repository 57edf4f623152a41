#!/usr/bin/env bash
# Runs the built stackctl binary the way a user does and checks exit codes,
# help, output formats, colour rules, -C, copies and --out safety.
set -uo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # check NAME EXPECTED_EXIT COMMAND...; output in $out
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" -eq "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: exit $got, want $want"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}
contains() {  # contains NAME TEXT: $out must contain TEXT
  if grep -qF -- "$2" <<<"$out"; then passed=$((passed + 1)); else
    failed=$((failed + 1))
    echo "FAIL: $1: output lacks: $2"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}
save() {  # writes $out to a file and prints its path (JSON can be too long for argv)
  printf '%s' "$out" >"$tmp/out.json"
  echo "$tmp/out.json"
}
lacks() {
  if grep -qF -- "$2" <<<"$out"; then failed=$((failed + 1)); echo "FAIL: $1: output has: $2"; else passed=$((passed + 1)); fi
}

cd "$root"
# Help on the program and every verb, with examples.
check "help" 0 "$bin" --help
contains "help lists verbs" "validate"
for verb in validate render envs version; do
  check "$verb --help" 0 "$bin" "$verb" --help
  contains "$verb --help has examples" "Examples:"
done

# Exit codes: usage errors are 2, input errors 1.
check "unknown verb" 2 "$bin" rendr
contains "unknown verb suggests" 'did you mean "render"?'
check "unknown flag" 2 "$bin" render --bogus
check "bad output format" 2 "$bin" render local -o xml
check "no verb" 2 "$bin"
check "unknown environment" 1 "$bin" validate stagin
contains "unknown environment suggests" 'unknown environment "stagin" (did you mean "staging"?)'
check "abstract environment" 1 "$bin" render base

# version and envs, human and JSON.
check "version" 0 "$bin" version
contains "version text" "stackctl 0."
check "--version" 0 "$bin" --version
contains "--version text" "stackctl 0."
check "version json" 0 "$bin" version -o json
python3 -c 'import json,sys; assert json.loads(sys.argv[1])["version"]' "$out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: version json"; }
check "envs json" 0 "$bin" envs -o json
python3 - "$(save)" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: envs json content"; }
import json, sys
envs = {e["name"]: e for e in json.load(open(sys.argv[1]))}
assert envs["local"]["target"] == "docker", envs["local"]
assert envs["staging"]["target"] == "gcp"
assert envs["base"]["abstract"] is True
assert all(e["valid"] for e in envs.values()), envs
PY

# -C runs against another project root; validate reports every problem.
mkdir -p "$tmp/proj/environments" "$tmp/proj/services/web"
printf 'stack: shop\ntarget:\n  kind: docker\nnamepsace: x\n' >"$tmp/proj/environments/local.yaml"
printf 'image: nginx\nreplicas: three\nports: [{name: http, port: 80}]\n' >"$tmp/proj/services/web/service.yaml"
check "validate broken" 1 "$bin" -C "$tmp/proj" validate
contains "file:line:col for env file" 'environments/local.yaml:4:1: error: namepsace: unknown key "namepsace" (did you mean "namespace"?)'
contains "file:line:col for service" 'services/web/service.yaml:2:11: error: services.web.replicas: expected an integer, got "three"'
contains "summary" "environment local has 2 problems"
check "validate broken json" 1 "$bin" -C "$tmp/proj" validate -o json
python3 - "$(save)" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: validate json content"; }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["valid"] is False and len(r["errors"]) == 2, r
assert r["errors"][0]["line"] == 4 and r["errors"][0]["file"] == "environments/local.yaml", r
PY
check "-C after the verb" 1 "$bin" validate -C "$tmp/proj"

# Colour: only on a terminal, never with NO_COLOR or --no-color.
if command -v script >/dev/null; then
  out=$(script -qec "$bin -C $tmp/proj validate" /dev/null 2>&1)
  if grep -q $'\033\[' <<<"$out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: no colour on a tty"; fi
  out=$(NO_COLOR=1 script -qec "$bin -C $tmp/proj validate" /dev/null 2>&1)
  if grep -q $'\033\[' <<<"$out"; then failed=$((failed + 1)); echo "FAIL: colour despite NO_COLOR"; else passed=$((passed + 1)); fi
  out=$(script -qec "$bin --no-color -C $tmp/proj validate" /dev/null 2>&1)
  if grep -q $'\033\[' <<<"$out"; then failed=$((failed + 1)); echo "FAIL: colour despite --no-color"; else passed=$((passed + 1)); fi
fi
check "no colour in a pipe" 1 "$bin" -C "$tmp/proj" validate
lacks "no escape codes" $'\033['

# Precedence on the command line: STACKCTL_* < --set.
check "env var override" 0 env STACKCTL_SERVICES__RATES_API__REPLICAS=4 STACKCTL_SERVICES__RATES_API__AUTOSCALE=false \
  "$bin" render staging -o json
python3 - "$(save)" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: STACKCTL_ override"; }
import json, sys
items = json.load(open(sys.argv[1]))["items"]
assert not [i for i in items if i["kind"] == "HorizontalPodAutoscaler" and i["metadata"]["name"] == "rates-api"]
dep = [i for i in items if i["kind"] == "Deployment" and i["metadata"]["name"] == "rates-api"][0]
assert dep["spec"]["replicas"] == 4, dep["spec"].get("replicas")
PY
check "set beats env var" 0 env STACKCTL_SERVICES__RATES_API__REPLICAS=4 "$bin" render staging -o json \
  --set services.rates-api.autoscale=false --set services.rates-api.replicas=6
python3 - "$(save)" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --set precedence"; }
import json, sys
items = json.load(open(sys.argv[1]))["items"]
dep = [i for i in items if i["kind"] == "Deployment" and i["metadata"]["name"] == "rates-api"][0]
assert dep["spec"]["replicas"] == 6, dep["spec"].get("replicas")
PY
check "bad --set" 1 "$bin" render staging --set services.rates-api.replicas=many
contains "bad --set names the flag" '--set services.rates-api.replicas=many: error: services.rates-api.replicas: expected an integer, got "many"'

# Copies: own namespace, one replica, TTL label.
check "copy" 0 "$bin" render staging --copy pr-42 --ttl 48h -o json
python3 - "$(save)" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: copy content"; }
import json, sys
items = json.load(open(sys.argv[1]))["items"]
assert all(i["metadata"].get("namespace", "staging-pr-42") == "staging-pr-42" for i in items)
assert not [i for i in items if i["kind"] == "HorizontalPodAutoscaler"]
deps = [i for i in items if i["kind"] == "Deployment"]
assert deps and all(d["spec"]["replicas"] == 1 for d in deps)
assert all(i["metadata"]["labels"]["stackctl.dev/ttl"] == "48h" for i in items)
PY
check "bad copy name" 1 "$bin" render staging --copy PR_42
check "bad ttl" 1 "$bin" render staging --copy pr-1 --ttl soon

# --out: replaces its own output whole, refuses a folder it did not write.
mkdir -p "$tmp/mine"
echo keep >"$tmp/mine/notes.txt"
check "refuse foreign folder" 1 "$bin" render local --out "$tmp/mine"
contains "refusal explains" "was not written by stackctl render"
[ "$(cat "$tmp/mine/notes.txt")" = keep ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: foreign folder touched"; }
check "render out" 0 "$bin" render staging --out "$tmp/out"
check "render out again, fewer services" 0 "$bin" render staging --out "$tmp/out" --set services.rates-api.enabled=false
[ ! -e "$tmp/out/kubernetes/services/rates-api" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: stale files left in --out"; }
check "render out json" 0 "$bin" render staging --out "$tmp/outj" -o json
[ -f "$tmp/outj/kubernetes/namespace.json" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: json files"; }

# Deploy verbs: what they refuse before touching any Docker Engine.
CLOUDSDK_CONFIG=$(mktemp -d) check "up on a cloud target without a gcloud login" 1 "$bin" up staging
contains "up says how to log in" "not logged in to gcloud: run \`gcloud auth login\`"
check "down production without --yes" 1 "$bin" down production
contains "down production asks for --yes" "needs --yes, and then the name typed to confirm"
out=$(echo staging | "$bin" down hospital-st-mary --yes 2>&1) && { failed=$((failed + 1)); echo "FAIL: down with a wrong typed name succeeded"; } ||
  passed=$((passed + 1))
contains "down refuses a wrong typed name" "confirmation \"staging\" is not \"hospital-st-mary\": nothing was changed"
check "plan on a docker target" 1 "$bin" plan local
contains "plan names the verb and the kind" "stackctl plan: not supported on a docker target"
check "logs --since garbage" 1 "$bin" logs local --since yesterday
contains "logs explains --since" "expected a duration (90s, 10m, 2h, 1d)"
check "rollback --to 0" 2 "$bin" rollback local --to 0
check "rollback with no release" 1 env STACKCTL_RELEASE_STORE="$tmp/no-releases.git" "$bin" rollback local
contains "rollback says why" "local has no releases to roll back to"
check "history with no release" 0 env STACKCTL_RELEASE_STORE="$tmp/no-releases.git" "$bin" history local -o json
contains "empty history is an empty list" "[]"
check "up unreachable engine" 1 env DOCKER_HOST=tcp://127.0.0.1:1 STACKCTL_RELEASE_STORE="$tmp/no-releases.git" "$bin" status local
contains "says where it looked" "cannot reach this machine's Docker Engine"
check "down with a bad tls_dir" 1 "$bin" down dev --set target.tls_dir=/nonexistent
contains "names target.tls_dir" "target.tls_dir"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
