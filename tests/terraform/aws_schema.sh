#!/usr/bin/env bash
# The AWS provider schema, produced offline from the plugin mirror
# (TF_PLUGIN_MIRROR, or found by searching for terraform-provider-aws*),
# then the same check as schema_check.sh over terraform/modules/aws/*.
# Usage: aws_schema.sh STACKCTL MODULES_DIR
set -euo pipefail
stackctl=${1:?usage: aws_schema.sh STACKCTL MODULES_DIR}
modules=${2:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v terraform >/dev/null || { echo "terraform is not installed" >&2; exit 1; }

mirror=${TF_PLUGIN_MIRROR:-}
if [ -z "$mirror" ]; then
  plugin=$(find / \( -path /proc -o -path /sys \) -prune -o -name 'terraform-provider-aws*' -type f -print 2>/dev/null |
           head -n 1)
  [ -n "$plugin" ] || { echo "FAIL: no terraform-provider-aws* found; set TF_PLUGIN_MIRROR" >&2; exit 1; }
  # MIRROR/registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/terraform-provider-aws_...
  mirror=$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$plugin")")")")")")
fi
version=$(ls "$mirror/registry.terraform.io/hashicorp/aws" | sort -V | tail -n 1)
[ -n "$version" ] || { echo "FAIL: no hashicorp/aws version in the mirror $mirror" >&2; exit 1; }
echo "provider mirror: $mirror (hashicorp/aws $version)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root"
cat > "$tmp/root/main.tf" <<TF
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "$version"
    }
  }
}
TF
cat > "$tmp/terraformrc" <<TF
provider_installation {
  filesystem_mirror {
    path = "$mirror"
  }
}
TF
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
(cd "$tmp/root" && terraform init -input=false -backend=false >"$tmp/init.log" 2>&1) || {
  cat "$tmp/init.log" >&2
  echo "FAIL: terraform init from the mirror" >&2
  exit 1
}
schema="$tmp/aws-$version.json"
(cd "$tmp/root" && terraform providers schema -json >"$schema")
echo "schema: $(wc -c <"$schema") bytes"
bash "$here/schema_check.sh" "$stackctl" "$schema" "$modules" aws
