output "alert_policy_ids" {
  description = "Ids of the alert policies (error rate, latency, CPU saturation and, with uptime checks, uptime)."
  value = concat(
    [
      google_monitoring_alert_policy.error_rate.id,
      google_monitoring_alert_policy.latency.id,
      google_monitoring_alert_policy.saturation.id,
    ],
    google_monitoring_alert_policy.uptime[*].id,
  )
}

output "uptime_check_ids" {
  description = "Ids of the uptime checks (the check_id label of their metrics), in the order of the uptime_checks keys."
  value       = [for k in sort(keys(var.uptime_checks)) : google_monitoring_uptime_check_config.this[k].uptime_check_id]
}
