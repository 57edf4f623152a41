output "topic_arn" {
  description = "ARN of the SNS topic the alarms notify (subscribe on-call channels to it)."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_arns" {
  description = "ARNs of every alarm."
  value       = concat([for a in aws_cloudwatch_metric_alarm.rds : a.arn], [for a in aws_cloudwatch_metric_alarm.elasticache : a.arn])
}
