locals {
  period = 300

  db_alarms = merge([
    for id in var.db_instance_ids : {
      "${id}-cpu" = {
        id          = id
        metric      = "CPUUtilization"
        statistic   = "Average"
        comparison  = "GreaterThanThreshold"
        threshold   = var.cpu_threshold
        description = "RDS ${id}: CPU above ${var.cpu_threshold}%"
      }
      "${id}-free-storage" = {
        id          = id
        metric      = "FreeStorageSpace"
        statistic   = "Minimum"
        comparison  = "LessThanThreshold"
        threshold   = var.free_storage_threshold_bytes
        description = "RDS ${id}: free storage below ${var.free_storage_threshold_bytes} bytes"
      }
      "${id}-connections" = {
        id          = id
        metric      = "DatabaseConnections"
        statistic   = "Maximum"
        comparison  = "GreaterThanThreshold"
        threshold   = var.db_connections_threshold
        description = "RDS ${id}: more than ${var.db_connections_threshold} connections"
      }
    }
  ]...)

  cache_alarms = merge([
    for id in var.cache_cluster_ids : {
      "${id}-cpu" = {
        id          = id
        metric      = "EngineCPUUtilization"
        statistic   = "Average"
        comparison  = "GreaterThanThreshold"
        threshold   = var.cpu_threshold
        description = "ElastiCache ${id}: engine CPU above ${var.cpu_threshold}%"
      }
      "${id}-memory" = {
        id          = id
        metric      = "DatabaseMemoryUsagePercentage"
        statistic   = "Average"
        comparison  = "GreaterThanThreshold"
        threshold   = var.cache_memory_threshold
        description = "ElastiCache ${id}: memory above ${var.cache_memory_threshold}%"
      }
    }
  ]...)
}

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"

  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_endpoints)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.key
}

resource "aws_cloudwatch_metric_alarm" "rds" {
  for_each = local.db_alarms

  alarm_name          = "${var.name}-rds-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/RDS"
  metric_name         = each.value.metric
  dimensions          = { DBInstanceIdentifier = each.value.id }
  statistic           = each.value.statistic
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  period              = local.period
  evaluation_periods  = var.evaluation_periods
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "elasticache" {
  for_each = local.cache_alarms

  alarm_name          = "${var.name}-cache-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/ElastiCache"
  metric_name         = each.value.metric
  dimensions          = { CacheClusterId = each.value.id }
  statistic           = each.value.statistic
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  period              = local.period
  evaluation_periods  = var.evaluation_periods
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = var.tags
}
