locals {
  request_metric_type = coalesce(var.request_metric_type, replace(var.error_metric_type, "/-errors$/", "-requests"))

  email_channels = toset([for c in var.notification_channels : trimprefix(c, "email:") if startswith(c, "email:")])
  channels = concat(
    [for c in var.notification_channels : c if startswith(c, "projects/")],
    [for c in google_monitoring_notification_channel.email : c.id],
  )

  container_scope = join("", [
    var.cluster_name == null ? "" : " AND resource.label.cluster_name=\"${var.cluster_name}\"",
    var.namespace == null ? "" : " AND resource.label.namespace_name=\"${var.namespace}\"",
  ])
}

resource "google_monitoring_notification_channel" "email" {
  for_each = local.email_channels

  project      = var.project
  display_name = "${var.name} alerts: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
  user_labels = var.labels
}

# HTTPS GET from Google's checkers in several regions, every minute.
resource "google_monitoring_uptime_check_config" "this" {
  for_each = var.uptime_checks

  project      = var.project
  display_name = "${var.name} ${each.key}"
  period       = "60s"
  timeout      = "10s"
  user_labels  = var.labels

  http_check {
    request_method = "GET"
    path           = each.value.path
    port           = 443
    use_ssl        = true
    validate_ssl   = true

    accepted_response_status_codes {
      status_class = "STATUS_CLASS_2XX"
    }
  }

  monitored_resource {
    type = "uptime_url"
    labels = {
      project_id = var.project
      host       = each.value.host
    }
  }
}

# Share of 5xx answers per service: 5xx counter / request counter.
resource "google_monitoring_alert_policy" "error_rate" {
  project               = var.project
  display_name          = "${var.name}: error rate"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "5xx share above ${format("%.3g", var.error_rate_threshold * 100)}%"

    condition_threshold {
      filter             = "metric.type=\"${var.error_metric_type}\" AND resource.type=\"k8s_container\""
      denominator_filter = "metric.type=\"${local.request_metric_type}\" AND resource.type=\"k8s_container\""
      comparison         = "COMPARISON_GT"
      threshold_value    = var.error_rate_threshold
      duration           = "300s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.service"]
      }

      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.service"]
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "More than ${format("%.3g", var.error_rate_threshold * 100)}% of the requests to a service of ${var.name} were answered with a 5xx status over 5 minutes. The failing requests are the `\"event\":\"request\"` log lines with `status` >= 500 (level error); `stackctl logs` shows them."
  }
}

# p99 latency per service from the log-based distribution (milliseconds).
resource "google_monitoring_alert_policy" "latency" {
  project               = var.project
  display_name          = "${var.name}: p99 latency"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "p99 latency above ${var.latency_threshold_ms} ms"

    condition_threshold {
      filter          = "metric.type=\"${var.latency_metric_type}\" AND resource.type=\"k8s_container\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.latency_threshold_ms
      duration        = "300s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_PERCENTILE_99"
        group_by_fields      = ["metric.label.service"]
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The 99th percentile of the request durations (`duration_ms` of the request log lines) of a service of ${var.name} stayed above ${var.latency_threshold_ms} ms for 5 minutes."
  }
}

# CPU saturation: usage over the container's CPU limit. Containers without a
# CPU limit have no such series (Autopilot sets one on every container).
resource "google_monitoring_alert_policy" "saturation" {
  project               = var.project
  display_name          = "${var.name}: CPU saturation"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "container CPU above ${format("%.3g", var.cpu_saturation_threshold * 100)}% of its limit"

    condition_threshold {
      filter          = "metric.type=\"kubernetes.io/container/cpu/limit_utilization\" AND resource.type=\"k8s_container\"${local.container_scope}"
      comparison      = "COMPARISON_GT"
      threshold_value = var.cpu_saturation_threshold
      duration        = "600s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MEAN"
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A container of ${var.name} has used more than ${format("%.3g", var.cpu_saturation_threshold * 100)}% of its CPU limit for 10 minutes: it is being throttled. Raise its cpu resources or its autoscale maximum."
  }
}

# Uptime: a check failing from more than one checker region.
resource "google_monitoring_alert_policy" "uptime" {
  count = length(var.uptime_checks) > 0 ? 1 : 0

  project               = var.project
  display_name          = "${var.name}: uptime check failing"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "uptime check failing in more than one region"

    condition_threshold {
      filter          = "metric.type=\"monitoring.googleapis.com/uptime_check/check_passed\" AND resource.type=\"uptime_url\" AND metric.label.check_id=one_of(${join(",", [for c in google_monitoring_uptime_check_config.this : "\"${c.uptime_check_id}\""])})"
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "300s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_NEXT_OLDER"
        cross_series_reducer = "REDUCE_COUNT_FALSE"
        group_by_fields      = ["metric.label.check_id"]
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "An HTTPS uptime check of ${var.name} has failed from more than one region for 5 minutes."
  }
}
