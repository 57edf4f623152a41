#!/usr/bin/env bash
# stackctl validate --provider-schema over every module directory of one
# cloud (terraform/modules/<cloud>/*). First a self-test on a module of our
# own that uses real resources of the provider: it must pass as written and
# fail once an unknown attribute is injected.
# Usage: schema_check.sh STACKCTL SCHEMA_JSON MODULES_DIR SELFTEST_KIND
#   SELFTEST_KIND: gcp or aws (which resources the self-test module uses)
set -euo pipefail
stackctl=${1:?usage: schema_check.sh STACKCTL SCHEMA_JSON MODULES_DIR gcp|aws}
schema=${2:?}
modules=${3:?}
kind=${4:?}
[ -f "$schema" ] || { echo "FAIL: provider schema $schema not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/selftest/modules/child"
if [ "$kind" = gcp ]; then
  cat > "$tmp/selftest/main.tf" <<'TF'
resource "google_compute_network" "vpc" {
  name                    = "selftest"
  auto_create_subnetworks = false
}

resource "google_sql_database_instance" "db" {
  name             = "selftest"
  database_version = "POSTGRES_16"
  region           = "europe-west1"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.vpc.id
    }
    dynamic "database_flags" {
      for_each = { max_connections = "100" }
      content {
        name  = database_flags.key
        value = database_flags.value
      }
    }
  }
  deletion_protection = false
}

module "child" {
  source = "./modules/child"
}
TF
  cat > "$tmp/selftest/modules/child/main.tf" <<'TF'
data "google_project" "this" {}

resource "google_compute_subnetwork" "subnet" {
  name          = "selftest"
  network       = "selftest"
  ip_cidr_range = "10.0.0.0/24"
  region        = "europe-west1"
}
TF
  inject='s/^  auto_create_subnetworks = false$/  auto_create_subnetworks = false\n  auto_create_subnetwrks  = true/'
  expect='unknown attribute "auto_create_subnetwrks" (did you mean "auto_create_subnetworks"?)'
else
  cat > "$tmp/selftest/main.tf" <<'TF'
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_db_instance" "db" {
  identifier        = "selftest"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  timeouts {
    create = "60m"
  }
}

module "child" {
  source = "./modules/child"
}
TF
  cat > "$tmp/selftest/modules/child/main.tf" <<'TF'
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "b" {
  bucket = "selftest"
}
TF
  inject='s/^  cidr_block           = "10.0.0.0\/16"$/  cidr_block           = "10.0.0.0\/16"\n  cidr_blok            = "x"/'
  expect='unknown attribute "cidr_blok" (did you mean "cidr_block"?)'
fi

out=$("$stackctl" --no-color validate --provider-schema "$schema" --terraform-dir "$tmp/selftest" 2>&1) || {
  echo "FAIL: self-test: the clean module was rejected:" >&2
  echo "$out" >&2
  exit 1
}
echo "self-test (clean): $out"
grep -q "2 modules" <<<"$out" || { echo "FAIL: self-test: the local module call was not followed" >&2; exit 1; }
cp -a "$tmp/selftest" "$tmp/broken"
sed -i "$inject" "$tmp/broken/main.tf"
if out=$("$stackctl" --no-color validate --provider-schema "$schema" --terraform-dir "$tmp/broken" 2>&1); then
  echo "FAIL: self-test: an unknown attribute was accepted:" >&2
  echo "$out" >&2
  exit 1
fi
grep -qF "$expect" <<<"$out" || { echo "FAIL: self-test: expected '$expect' in:" >&2; echo "$out" >&2; exit 1; }
echo "self-test (injected error): rejected as expected"

dirs=()
if [ -d "$modules" ]; then
  for d in "$modules"/*/; do
    [ -d "$d" ] && dirs+=("${d%/}")
  done
fi
if [ ${#dirs[@]} -eq 0 ]; then
  echo "FAIL: no module directories in $modules" >&2
  exit 1
fi
args=()
for d in "${dirs[@]}"; do args+=(--terraform-dir "$d"); done
"$stackctl" validate --provider-schema "$schema" "${args[@]}"
