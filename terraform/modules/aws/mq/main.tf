locals {
  # OpenWire, AMQP, STOMP, MQTT, WSS (all TLS) and the web console.
  ports = {
    openwire = 61617
    amqp     = 5671
    stomp    = 61614
    mqtt     = 8883
    wss      = 61619
    console  = 8162
  }

  subnet_ids = var.deployment_mode == "SINGLE_INSTANCE" ? slice(var.subnet_ids, 0, 1) : slice(var.subnet_ids, 0, 2)
}

resource "aws_security_group" "this" {
  name        = "${var.name}-mq"
  description = "${var.name}: ActiveMQ protocols and console from ${var.allowed_cidr}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-mq" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "broker" {
  for_each = local.ports

  security_group_id = aws_security_group.this.id
  description       = each.key
  cidr_ipv4         = var.allowed_cidr
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value

  tags = var.tags
}

resource "aws_mq_broker" "this" {
  broker_name        = var.name
  engine_type        = "ActiveMQ"
  engine_version     = var.engine_version
  host_instance_type = var.instance_type
  deployment_mode    = var.deployment_mode

  publicly_accessible = false
  subnet_ids          = local.subnet_ids
  security_groups     = [aws_security_group.this.id]

  # A major.minor engine version requires automatic minor upgrades.
  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  encryption_options {
    use_aws_owned_key = true
  }

  logs {
    general = true
    audit   = true
  }

  maintenance_window_start_time {
    day_of_week = var.maintenance_day
    time_of_day = var.maintenance_time
    time_zone   = "UTC"
  }

  user {
    username       = var.username
    password       = var.password
    console_access = true
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.deployment_mode == "SINGLE_INSTANCE" || length(var.subnet_ids) >= 2
      error_message = "ACTIVE_STANDBY_MULTI_AZ needs two subnets in different availability zones."
    }
  }
}
