#!/usr/bin/env bash
# The AWS root module, applied for real: `stackctl plan/up/down` on the
# bundled aws-staging environment (VPC, EKS, RDS PostgreSQL and MySQL,
# ElastiCache in cluster mode, two Amazon MQ brokers, ECR, Secrets Manager,
# S3, CloudWatch) against moto, the AWS API emulator, on a loopback port.
# terraform installs the preinstalled AWS provider from its filesystem
# mirror (--plugin-mirror); nothing leaves the machine.
#   1. plan: only creates; the passwords reach terraform through TF_VAR_ only
#   2. up --infra-only applies it, the cluster's Secrets encrypted with a
#      KMS key named by an alias; the outputs and, through moto's own API,
#      every resource are checked; the RDS passwords (write-only, ephemeral)
#      are in neither the state nor the plan file
#   3. a second plan has no changes, and a second up applies nothing
#   4. a change that would replace a database is refused without
#      --allow-destroy, and nothing changes
#   5. down (no --purge) deletes the workloads (kubectl replayed from a
#      transcript: moto's EKS endpoint is no API server) and destroys only
#      the alarms; the databases, caches, brokers, bucket and cluster stay
#   6. down --purge destroys everything; moto has nothing left
# moto_patched.py is moto_server with fixes for seven emulator defects (its
# header lists them); the modules are not bent to the emulator.
set -uo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/lib/project_copy.sh"
source "$root/tests/lib/tap.sh"

mirror=${TF_PLUGIN_MIRROR:-}
if [ -z "$mirror" ]; then
  provider=$(find / -path /proc -prune -o -name 'terraform-provider-aws*' -type f -print 2>/dev/null | head -1)
  # <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
  [ -n "$provider" ] && mirror=$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$provider")")")")")")
fi
[ -n "$mirror" ] && [ -d "$mirror/registry.terraform.io" ] ||
  { echo "aws-apply: no AWS provider mirror found (set TF_PLUGIN_MIRROR)" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "aws-apply: moto_server is not installed" >&2; exit 1; }
moto_python=$(head -1 "$(command -v moto_server)" | sed 's/^#!//')
case "$moto_python" in *python*) ;; *) moto_python=python3 ;; esac
# pyenv shims are shell scripts: ask the shim's python for its interpreter.
"$moto_python" -c 'import moto' 2>/dev/null || moto_python=$(python3 -c 'import sys; print(sys.executable)')

work=$(mktemp -d)
moto_pid=""
cleanup() {
  [ -z "$moto_pid" ] || kill "$moto_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$moto_python" "$root/tests/aws/moto_patched.py" -H 127.0.0.1 -p "$port" \
  >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -sf "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$endpoint/moto-api/" >/dev/null || { echo "aws-apply: moto did not start"; show "$work/moto.log"; exit 1; }

project_copy "$root" "$work"
project="$work/project"
isolated_secrets_home "$work/home"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=eu-west-1
unset AWS_PROFILE AWS_SESSION_TOKEN
sc() { "$bin" -C "$project" --no-color "$@"; }
awsq() { aws --endpoint-url "$endpoint" --region eu-west-1 --output json "$@"; }
# The cluster's Secrets are encrypted with a KMS key of the user's, named by
# an alias: the module resolves it to the key for EKS and the cluster role.
key_arn=$(awsq kms create-key --description "loopstock secrets" | jq -r .KeyMetadata.Arn)
awsq kms create-alias --alias-name alias/loopstock-secrets --target-key-id "$key_arn" ||
  { echo "aws-apply: cannot create the KMS alias in moto"; exit 1; }
args=(aws-staging --set "target.endpoint=$endpoint" --set state.backend=local --plugin-mirror "$mirror"
  --set target.secrets_encryption_key=arn:aws:kms:eu-west-1:123456789012:alias/loopstock-secrets)

sc secrets keygen >/dev/null 2>&1 && sc secrets init aws-staging >/dev/null 2>&1 &&
  sc secrets generate aws-staging --missing >/dev/null 2>&1 || { echo "aws-apply: secrets setup failed"; exit 1; }
rds_password=$(sc secrets get aws-staging rates-db-password 2>/dev/null)
[ -n "$rds_password" ] || { echo "aws-apply: no rates-db-password"; exit 1; }

# 1. plan
if sc plan "${args[@]}" -o json >"$work/plan.json" 2>"$work/plan.err"; then
  creates=$(jq .create "$work/plan.json")
  [ "$creates" -gt 50 ] && ok "plan: $creates resources to create" || not_ok "plan: only $creates creates"
  expect_value "plan: nothing to change or destroy" "0 0 0" "$(jq -r '"\(.update) \(.delete) \(.replace)"' "$work/plan.json")"
else
  not_ok "plan aws-staging"; show "$work/plan.err"
fi

# 2. up --infra-only
start=$(date +%s)
if sc up "${args[@]}" --infra-only -o json >"$work/up.json" 2>"$work/up.err"; then
  ok "up --infra-only applied ($(($(date +%s) - start)) s)"
else
  not_ok "up --infra-only"; show "$work/up.err" 60
fi
expect_value "output: the ECR registry" "123456789012.dkr.ecr.eu-west-1.amazonaws.com/loopstock-aws-staging" \
  "$(jq -r .outputs.registry "$work/up.json")"
expect_value "output: the EKS cluster" "loopstock-aws-staging" "$(jq -r .outputs.cluster "$work/up.json")"

expect_value "moto: the three RDS instances and engines" \
  "loopstock-aws-staging-inventory-db postgres false,loopstock-aws-staging-rates-db postgres false,loopstock-aws-staging-sportbuff-db mysql true" \
  "$(awsq rds describe-db-instances | jq -r '[.DBInstances[] | "\(.DBInstanceIdentifier) \(.Engine) \(.MultiAZ)"] | sort | join(",")')"
expect_value "moto: the SportBuff cache in cluster mode, 3 shards" "enabled 3" \
  "$(awsq elasticache describe-replication-groups | jq -r '.ReplicationGroups[] | select(.ReplicationGroupId | endswith("sportbuff-cache")) | "\(.ClusterMode) \(.NodeGroups | length)"')"
expect_value "moto: two ActiveMQ brokers" "loopstock-aws-staging-pipeline-mq,loopstock-aws-staging-sportbuff-mq" \
  "$(awsq mq list-brokers | jq -r '[.BrokerSummaries[].BrokerName] | sort | join(",")')"
repos=$(awsq ecr describe-repositories | jq -r '[.repositories[].repositoryName] | sort | join(",")')
case ",$repos," in *,loopstock-aws-staging/inventory,*,loopstock-aws-staging/rates-api,*)
  ok "moto: one ECR repository per built service ($(echo "$repos" | tr ',' '\n' | wc -l))" ;;
  *) not_ok "moto: ECR repositories: $repos" ;; esac
expect_value "moto: the EKS cluster" "loopstock-aws-staging" "$(awsq eks list-clusters | jq -r '.clusters | join(",")')"
expect_value "moto: the cluster's Secrets are encrypted with the key the alias names" "secrets $key_arn" \
  "$(awsq eks describe-cluster --name loopstock-aws-staging |
    jq -r '.cluster.encryptionConfig[0] | "\(.resources | join(",")) \(.provider.keyArn)"')"
expect_value "moto: the cluster role may use that key" "$key_arn" \
  "$(awsq iam get-role-policy --role-name loopstock-aws-staging-eks-cluster --policy-name secrets-encryption-key |
    jq -r '.PolicyDocument | if type == "string" then fromjson else . end | .Statement[0].Resource')"
secrets=$(awsq secretsmanager list-secrets | jq -r '[.SecretList[].Name] | sort | join(",")')
case "$secrets" in *loopstock-aws-staging-rates-db-password*) ok "moto: Secrets Manager entries, without values" ;;
  *) not_ok "moto: Secrets Manager entries: $secrets" ;; esac
check "moto: no secret has a value (stackctl uploads them at deploy)" \
  bash -c "! aws --endpoint-url $endpoint --region eu-west-1 secretsmanager get-secret-value --secret-id loopstock-aws-staging-rates-db-password >/dev/null 2>&1"
expect_value "moto: the backups bucket" "loopstock-aws-staging-backups-123456789012" \
  "$(awsq s3api list-buckets | jq -r '.Buckets[].Name' | grep backups)"
alarms=$(awsq cloudwatch describe-alarms | jq '.MetricAlarms | length')
[ "$alarms" -gt 0 ] && ok "moto: $alarms CloudWatch alarms" || not_ok "moto: no CloudWatch alarms"
expect_value "moto: the VPC, tagged" "1" \
  "$(awsq ec2 describe-vpcs --filters Name=tag:managed-by,Values=stackctl | jq '.Vpcs | length')"

state="$project/.stackctl/state/aws-staging.tfstate"
check "the local state is where state: {backend: local} puts it" test -s "$state"
check "the RDS password is in neither the state nor the plan file (write-only, ephemeral)" \
  bash -c "! grep -qF -- '$rds_password' '$state' '$project/.stackctl/cloud/aws-staging/infra.tfplan'"
check "no secret value in stackctl's output" bash -c "! grep -qF -- '$rds_password' '$work/up.json' '$work/up.err' '$work/plan.err'"

# 3. nothing to do the second time
sc plan "${args[@]}" --detailed-exitcode >"$work/plan2.out" 2>"$work/plan2.err"
code=$?
expect_value "second plan: no changes (exit 0 with --detailed-exitcode)" 0 "$code"
[ "$code" = 0 ] || show "$work/plan2.err"
if sc up "${args[@]}" --infra-only >"$work/up2.out" 2>"$work/up2.err" && grep -q "0 to add, 0 to change, 0 to destroy\|No changes" "$work/up2.err"; then
  ok "second up --infra-only applies nothing"
else
  not_ok "second up --infra-only"; show "$work/up2.err"
fi

# 4. replacing a database is refused
if sc up "${args[@]}" --infra-only --set dependencies.rates-db.version=16 --set dependencies.rates-db.kind=mysql \
  >"$work/up3.out" 2>"$work/up3.err"; then
  not_ok "a database replacement was applied without --allow-destroy"
else
  check "a database replacement is refused, naming it" grep -q "module.rates-db.aws_db_instance.this" "$work/up3.err"
  check "the refusal says --allow-destroy" grep -q -- "--allow-destroy" "$work/up3.err"
fi
expect_value "the database is untouched" "postgres" \
  "$(awsq rds describe-db-instances --db-instance-identifier loopstock-aws-staging-rates-db | jq -r '.DBInstances[0].Engine')"

# 5. down without --purge: the workloads go, the data stays
kept() {
  echo "rds=$(awsq rds describe-db-instances | jq '.DBInstances | length')" \
    "elasticache=$(awsq elasticache describe-replication-groups | jq '.ReplicationGroups | length')" \
    "mq=$(awsq mq list-brokers | jq '.BrokerSummaries | length')" \
    "buckets=$(awsq s3api list-buckets | jq '.Buckets | length')" \
    "eks=$(awsq eks list-clusters | jq '.clusters | length')"
}
kept_before=$(kept)
case "$kept_before" in *rds=0* | *elasticache=0* | *mq=0* | *buckets=0* | *eks=0*)
  not_ok "before down, every kind of resource exists: $kept_before" ;; esac
kube_stub="$work/kubectl-stub"
mkdir -p "$kube_stub"
printf '#!/bin/sh\nexec python3 "%s" "$@"\n' "$root/tests/cloud/transcript_stub.py" >"$kube_stub/kubectl"
chmod +x "$kube_stub/kubectl"
if PATH="$kube_stub:$PATH" KUBECONFIG="$project/.stackctl/kube/aws-staging.kubeconfig" \
  STACKCTL_TRANSCRIPT="$root/tests/fixtures/cloud/transcripts/kubectl_down_aws_staging.json" \
  STACKCTL_TRANSCRIPT_STATE="$work/kubectl-down.state" \
  sc down "${args[@]}" >"$work/down1.out" 2>"$work/down1.err"; then
  ok "down (no --purge) succeeded"
else
  not_ok "down (no --purge)"; show "$work/down1.err" 60
fi
expect_value "down: kubectl delete ran once, with the recorded argv" 1 "$(cat "$work/kubectl-down.state" 2>/dev/null)"
check "down says what it kept and how to purge" grep -q "Kept: the databases.*--purge" "$work/down1.err"
expect_value "down: the CloudWatch alarms are gone" 0 "$(awsq cloudwatch describe-alarms | jq '.MetricAlarms | length')"
expect_value "down: RDS, ElastiCache, MQ, the bucket and the cluster stay" "$kept_before" "$(kept)"

# 6. down --purge
start=$(date +%s)
if sc down "${args[@]}" --purge >"$work/down.out" 2>"$work/down.err"; then
  ok "down --purge destroyed everything ($(($(date +%s) - start)) s)"
else
  not_ok "down --purge"; show "$work/down.err" 60
fi
expect_value "moto: no RDS instance left" 0 "$(awsq rds describe-db-instances | jq '.DBInstances | length')"
expect_value "moto: no bucket left" 0 "$(awsq s3api list-buckets | jq '.Buckets | length')"
expect_value "moto: no EKS cluster left" 0 "$(awsq eks list-clusters | jq '.clusters | length')"
tap_summary
