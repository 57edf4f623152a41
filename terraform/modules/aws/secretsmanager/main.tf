data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  issuer_host       = trimprefix(var.oidc_issuer, "https://")
  oidc_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.issuer_host}"
  subjects          = [for sa in var.kubernetes_service_accounts : "system:serviceaccount:${var.namespace}:${sa}"]
}

resource "aws_secretsmanager_secret" "this" {
  for_each = var.secrets

  name                    = "${var.name}/${each.key}"
  description             = "${var.name}: ${each.key} (value uploaded by stackctl)"
  kms_key_id              = var.kms_key_id
  recovery_window_in_days = var.recovery_window_days

  tags = var.tags
}

# The workloads' role: assumed through IRSA by the listed service accounts
# of the namespace, and by nothing else.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer_host}:sub"
      values   = local.subjects
    }
  }
}

resource "aws_iam_role" "workloads" {
  name                 = "${var.name}-workloads"
  description          = "${var.name}: workloads of namespace ${var.namespace} (IRSA)"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = 3600

  tags = var.tags
}

data "aws_iam_policy_document" "read_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  statement {
    sid       = "ReadTheStackSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [for s in aws_secretsmanager_secret.this : s.arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_id == null ? [] : [var.kms_key_id]

    content {
      sid       = "DecryptTheStackSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.name}.${data.aws_partition.current.dns_suffix}"]
      }
    }
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "read-secrets"
  role   = aws_iam_role.workloads.id
  policy = data.aws_iam_policy_document.read_secrets[0].json
}
