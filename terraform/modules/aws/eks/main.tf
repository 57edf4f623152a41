data "aws_partition" "current" {}

locals {
  policy_prefix = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
}

# ---------------------------------------------------------------- cluster role

data "aws_iam_policy_document" "cluster_assume" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cluster" {
  name               = "${var.name}-eks-cluster"
  assume_role_policy = data.aws_iam_policy_document.cluster_assume.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "${local.policy_prefix}/AmazonEKSClusterPolicy"
}

# Envelope encryption of the cluster's Secrets with the user's KMS key. An
# alias is resolved to its key: EKS records the key ARN, and the cluster
# role's policy must name the key itself.
data "aws_kms_key" "secrets" {
  count  = var.secrets_encryption_key == "" ? 0 : 1
  key_id = var.secrets_encryption_key
}

data "aws_iam_policy_document" "cluster_secrets_key" {
  count = var.secrets_encryption_key == "" ? 0 : 1

  statement {
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:ListGrants", "kms:CreateGrant"]
    resources = [data.aws_kms_key.secrets[0].arn]
  }
}

resource "aws_iam_role_policy" "cluster_secrets_key" {
  count  = var.secrets_encryption_key == "" ? 0 : 1
  name   = "secrets-encryption-key"
  role   = aws_iam_role.cluster.id
  policy = data.aws_iam_policy_document.cluster_secrets_key[0].json
}

# --------------------------------------------------------------------- cluster

resource "aws_eks_cluster" "this" {
  name     = var.name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = var.enabled_cluster_log_types

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = var.public_access_cidrs
  }

  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = true
  }

  dynamic "encryption_config" {
    for_each = var.secrets_encryption_key == "" ? [] : [data.aws_kms_key.secrets[0].arn]
    content {
      resources = ["secrets"]
      provider {
        key_arn = encryption_config.value
      }
    }
  }

  tags = var.tags

  # The role must keep its policies while the cluster is being deleted.
  depends_on = [aws_iam_role_policy_attachment.cluster, aws_iam_role_policy.cluster_secrets_key]
}

# OIDC provider of the cluster, for IAM roles of service accounts (IRSA).
# No thumbprint: IAM trusts the issuer's certificate authority itself for
# EKS issuers (provider 5.81+ makes thumbprint_list optional).
resource "aws_iam_openid_connect_provider" "this" {
  url            = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(var.tags, { Name = "${var.name}-eks-irsa" })
}

# ------------------------------------------------------------------ node group

data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name               = "${var.name}-eks-node"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.node.name
  policy_arn = "${local.policy_prefix}/${each.key}"
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "${var.name}-default"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  version         = var.kubernetes_version

  instance_types = var.node_instance_types
  capacity_type  = var.capacity_type
  disk_size      = var.node_disk_size

  scaling_config {
    min_size     = var.min_nodes
    max_size     = var.max_nodes
    desired_size = var.desired_nodes
  }

  update_config {
    max_unavailable = 1
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.min_nodes <= var.desired_nodes && var.desired_nodes <= var.max_nodes
      error_message = "desired_nodes must lie between min_nodes and max_nodes."
    }
  }

  # The node role must keep its policies while nodes drain on deletion.
  depends_on = [aws_iam_role_policy_attachment.node]
}
