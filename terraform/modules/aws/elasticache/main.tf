locals {
  port     = 6379
  tls      = nonsensitive(var.auth_token != "") # whether a token is set is no secret
  major    = split(".", var.engine_version)[0]
  failover = var.cluster_mode || var.replicas_per_shard > 0

  # ElastiCache names its member clusters after the replication group:
  # <id>-<shard 0001..>-<node 001..> in cluster mode, <id>-<node 001..>
  # otherwise. Computed here so that they are known at plan time (the
  # cloudwatch module's for_each needs that; member_clusters is not).
  member_cluster_ids = var.cluster_mode ? flatten([
    for s in range(1, var.shards + 1) : [
      for n in range(1, var.replicas_per_shard + 2) : format("%s-%04d-%03d", var.name, s, n)
    ]
  ]) : [for n in range(1, var.replicas_per_shard + 2) : format("%s-%03d", var.name, n)]
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "${var.name}: private subnets of the cache"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-cache"
  description = "${var.name}: redis on port ${local.port} from ${var.allowed_cidr}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-cache" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  security_group_id = aws_security_group.this.id
  description       = "redis clients"
  cidr_ipv4         = var.allowed_cidr
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port

  tags = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "${var.name}: redis${var.cluster_mode ? " (cluster mode)" : ""}"

  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = local.port
  parameter_group_name = var.cluster_mode ? "default.redis${local.major}.cluster.on" : "default.redis${local.major}"

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  # Cluster mode: shards x (1 primary + replicas). Otherwise one primary
  # and its replicas. The mode is stated explicitly (the API otherwise
  # infers it from the parameter group).
  cluster_mode            = var.cluster_mode ? "enabled" : "disabled"
  num_node_groups         = var.cluster_mode ? var.shards : null
  replicas_per_node_group = var.cluster_mode ? var.replicas_per_shard : null
  num_cache_clusters      = var.cluster_mode ? null : 1 + var.replicas_per_shard

  automatic_failover_enabled = local.failover
  multi_az_enabled           = var.replicas_per_shard > 0

  at_rest_encryption_enabled = true
  transit_encryption_enabled = local.tls
  auth_token                 = local.tls ? var.auth_token : null

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = var.snapshot_window
  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  tags = var.tags
}
