#!/usr/bin/env bash
# `stackctl up staging` (GCP) up to where real GCP credentials are needed
# (docs/targets/gcp.md, "What stackctl up does"):
#   - the environment validates, renders its Terraform root module with the
#     modules it calls and its Kubernetes manifests, and the root module and
#     every module pass the Google provider schema (offline);
#   - with no gcloud login (the real gcloud, an empty CLOUDSDK_CONFIG), `up`
#     and `plan` stop first, saying how to log in, before any terraform run;
#   - with a login (gcloud replayed from a recorded transcript, named so: no
#     account exists here), `up` goes on to render and `terraform init`: the
#     GCS state backend needs Application Default Credentials, and with local
#     state init needs the Google provider (a plugin mirror without it fails
#     naming hashicorp/google). Past that point real credentials are needed.
set -uo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
schema="$root/../shared/schemas/terraform/google-6.50.0.json"
source "$root/tests/lib/project_copy.sh"
source "$root/tests/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project_copy "$root" "$work"
project="$work/project"
isolated_secrets_home "$work/home"
sc() { "$bin" -C "$project" --no-color "$@"; }
sc secrets keygen >/dev/null 2>&1 && sc secrets init staging >/dev/null 2>&1 &&
  sc secrets generate staging --missing >/dev/null 2>&1 || { echo "staging-path: secrets setup failed"; exit 1; }

check "staging validates" sc validate staging
check "staging renders" sc render staging --out "$work/render"
check "the render has the root module" test -s "$work/render/terraform/main.tf.json"
check "the render has the modules it calls" test -s "$work/render/terraform/modules/gcp/cloudsql/main.tf"
check "the render has the Kubernetes manifests" test -d "$work/render/kubernetes"
check "the rendered root module and its modules pass the Google provider schema" \
  sc validate staging --provider-schema "$schema"

# Releases are recorded by the Docker Engine targets only: the verbs that read
# them refuse a cloud environment and point at kubectl, instead of reporting
# an empty history or state.
for verb in status logs history rollback; do
  if sc "$verb" staging >"$work/$verb.out" 2>"$work/$verb.err"; then
    not_ok "$verb staging (gcp) refuses: it exited 0"
  else
    check "$verb staging (gcp) refuses and points at the environment's kubeconfig" \
      grep -q "kubectl --kubeconfig .stackctl/kube/staging.kubeconfig" "$work/$verb.err"
  fi
done

export CLOUDSDK_CONFIG="$work/gcloud-empty"
mkdir -p "$CLOUDSDK_CONFIG"
for verb in up plan; do
  if sc "$verb" staging >"$work/$verb.out" 2>"$work/$verb.err"; then
    not_ok "$verb staging without a gcloud login succeeded"
  else
    check "$verb staging without a login: says how to log in" \
      grep -q "not logged in to gcloud: run \`gcloud auth login\`" "$work/$verb.err"
  fi
done
check "nothing ran before the login check (terraform never initialised)" test ! -e "$project/.stackctl/cloud/staging/data"

# gcloud replayed from a transcript: logged in, the project is accessible.
stub="$work/stub-bin"
mkdir -p "$stub"
cat >"$stub/gcloud" <<STUB
#!/usr/bin/env bash
exec python3 "$root/tests/cloud/transcript_stub.py" "\$@"
STUB
chmod +x "$stub/gcloud"
mkdir -p "$work/mirror-without-google"
STACKCTL_TRANSCRIPT="$root/tests/fixtures/cloud/transcripts/gcloud_check_auth_staging.json" \
  STACKCTL_TRANSCRIPT_STATE="$work/transcript.state" PATH="$stub:$PATH" \
  "$bin" -C "$project" --no-color up staging --plugin-mirror "$work/mirror-without-google" \
  >"$work/up-auth.out" 2>"$work/up-auth.err"
code=$?
expect_value "transcript: up staging past the login stops at terraform init (exit 1)" 1 "$code"
check "transcript: the login and project were checked" grep -q "gcloud: dev@example.com, project loopstock-staging" "$work/up-auth.err"
check "transcript: the root module was rendered into the workspace" \
  test -s "$project/.stackctl/cloud/staging/terraform/main.tf.json"
check "transcript: the GCS state backend needs Application Default Credentials: terraform says so" \
  grep -q "could not find default credentials" "$work/up-auth.err"
check "transcript: the error names the command" grep -q "terraform init" "$work/up-auth.err"
# With local state, init gets as far as the providers: the mirror has no Google provider.
STACKCTL_TRANSCRIPT="$root/tests/fixtures/cloud/transcripts/gcloud_check_auth_staging.json" \
  STACKCTL_TRANSCRIPT_STATE="$work/transcript2.state" PATH="$stub:$PATH" \
  "$bin" -C "$project" --no-color up staging --set state.backend=local --plugin-mirror "$work/mirror-without-google" \
  >"$work/up-local.out" 2>"$work/up-local.err"
expect_value "transcript, local state: up staging stops at terraform init (exit 1)" 1 "$?"
check "transcript, local state: terraform names the provider the mirror lacks" \
  grep -q "hashicorp/google" "$work/up-local.err"
tap_summary
