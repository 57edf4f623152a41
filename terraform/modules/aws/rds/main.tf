locals {
  port = var.engine == "postgres" ? 5432 : 3306

  # Parameter group family: postgres16, mysql8.0.
  version_parts = split(".", var.engine_version)
  family        = var.engine == "postgres" ? "postgres${local.version_parts[0]}" : "mysql${local.version_parts[0]}.${try(local.version_parts[1], "0")}"

  # Encrypted connections only, and slow statements in the logs.
  parameters = var.engine == "postgres" ? {
    "rds.force_ssl"              = "1"
    "log_min_duration_statement" = "1000"
    } : {
    "require_secure_transport" = "ON"
    "slow_query_log"           = "1"
    "long_query_time"          = "1"
  }
}

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "${var.name}: private subnets of the database"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-db"
  description = "${var.name}: ${var.engine} on port ${local.port} from ${var.allowed_cidr}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "engine" {
  security_group_id = aws_security_group.this.id
  description       = "${var.engine} clients"
  cidr_ipv4         = var.allowed_cidr
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port

  tags = var.tags
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  description = "${var.name}: ${var.engine} ${var.engine_version} parameters"
  family      = local.family

  dynamic "parameter" {
    for_each = local.parameters

    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = var.engine
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage > 0 ? var.max_allocated_storage : null
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = var.database
  username = var.username
  port     = local.port

  # Write-only: sent to RDS, never written to the plan or the state.
  password_wo         = var.password
  password_wo_version = var.password_version

  multi_az               = var.multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period = var.backup_retention_days
  backup_window           = var.backup_window
  maintenance_window      = var.maintenance_window
  copy_tags_to_snapshot   = true

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  apply_immediately           = var.apply_immediately

  performance_insights_enabled          = var.performance_insights
  performance_insights_retention_period = var.performance_insights ? 7 : null

  enabled_cloudwatch_logs_exports = var.engine == "postgres" ? ["postgresql"] : ["error", "slowquery"]

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = var.deletion_protection ? "${var.name}-final" : null

  tags = var.tags
}
