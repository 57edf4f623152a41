#!/usr/bin/env bash
# Proves validate.mjs can fail: a known-good manifest must pass, and each
# known-bad one (unknown field, wrong type, missing required field, unknown
# kind, YAML 1.1 scalar, a bad SecretProviderClass, empty input) must fail
# naming its problem.
# Usage: bash tests/k8s/selftest.sh   (installs node_modules with npm ci if missing)
set -euo pipefail
shopt -s lastpipe  # `... | check` runs check in this shell, so its counts stick
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

# check NAME EXPECTED_EXIT EXPECTED_TEXT  (the manifest is read from stdin)
check() {
  local name="$1" want_rc="$2" want_text="$3" dir="$tmp/$1"
  mkdir -p "$dir"
  cat >"$dir/manifest.yaml"
  local out rc=0
  out="$(node "$here/validate.mjs" "$dir" 2>&1)" || rc=$?
  if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "selftest: $name: want exit $want_rc and \"$want_text\", got exit $rc:" >&2
    sed 's/^/  /' <<<"$out" >&2
  fi
}

deployment() {  # $1: extra lines appended to the container, $2: spec lines
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
  labels:
    app.kubernetes.io/name: web
spec:
${2:-  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: web}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
${1:-}
EOF
}

{ deployment; cat <<'EOF'
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app.kubernetes.io/name: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
EOF
} | check good 0 "3 documents in 1 files, 0 problems: ok"

deployment "" "  replicaz: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: web" | check unknown-spec-field 1 'unknown field "spec.replicaz"'

deployment "          imagePullPolicyy: Always" |
  check unknown-container-field 1 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"'

sed 's/^  namespace: demo/  namespace: demo\n  nmae: web/' <(deployment) |
  check unknown-metadata-field 1 'unknown field "metadata.nmae"'

deployment "" "  replicas: three
  selector:
    matchLabels:
      app.kubernetes.io/name: web" | check wrong-type 1 "Deployment/web: spec.replicas: must be integer"

deployment "" "  replicas: 2" | check missing-required 1 "Deployment/web: spec: must have required property selector"

sed 's/^kind: Deployment/kind: Deploymnet/' <(deployment) | check unknown-kind 1 "unknown apiVersion/kind apps/v1 Deploymnet"

sed 's#^apiVersion: apps/v1#apiVersion: apps/v7#' <(deployment) | check unknown-api-version 1 "unknown apiVersion/kind apps/v7 Deployment"

check yaml-1.1-bool 1 "data.ENABLED: must be string" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: flags
data:
  ENABLED: yes
EOF

secret_provider_class() {  # $1: the field naming the synced key (key when valid)
  cat <<EOF
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: stackctl-secrets
  namespace: demo
spec:
  provider: gcp
  parameters:
    secrets: |
      - resourceName: "projects/demo/secrets/demo-db-password/versions/latest"
        path: "db-password"
  secretObjects:
    - secretName: stackctl-secrets
      type: Opaque
      data:
        - objectName: db-password
          $1: db-password
EOF
}

secret_provider_class key | check secret-provider-class-good 0 "1 documents in 1 files, 0 problems: ok"

secret_provider_class keyy |
  check secret-provider-class-unknown-field 1 'unknown field "spec.secretObjects[0].data[0].keyy"'

mkdir -p "$tmp/empty"
rc=0
node "$here/validate.mjs" "$tmp/empty" >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "selftest: empty input: want exit 1, got $rc" >&2; fi

echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
