# The services (services/common, "kit") write one JSON object per line on
# stdout; GKE's logging agent turns it into jsonPayload. A served request is
# logged as
#   {"ts":...,"level":"info","service":"rates-api","event":"request",
#    "method":"GET","path":"/rates","route":"/rates","status":200,
#    "duration_ms":3.2,"bytes":123,"remote":"10.20.0.7","request_id":...}
# at level "error" when status >= 500. Probes (/healthz, /readyz) and
# /metrics scrapes are logged only when they answer >= 400, so they barely
# count; requests are logged at "info", so LOG_LEVEL must stay info or debug
# for the request and latency metrics to see successful requests.
locals {
  request_filter = join(" AND ", [
    "resource.type=\"k8s_container\"",
    "resource.labels.cluster_name=\"${var.cluster_name}\"",
    "resource.labels.namespace_name=\"${var.namespace}\"",
    "jsonPayload.event=\"request\"",
    "jsonPayload.status:*",
  ])

  service_label = {
    service = "EXTRACT(jsonPayload.service)"
  }
}

# Every logged request: the denominator of the error rate.
resource "google_logging_metric" "requests" {
  project          = var.project
  name             = "${var.name}-http-requests"
  description      = "HTTP requests served by the containers of ${var.namespace} (kit request log lines), by service."
  filter           = local.request_filter
  label_extractors = local.service_label

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "${var.name} HTTP requests"

    labels {
      key         = "service"
      value_type  = "STRING"
      description = "Service that answered (jsonPayload.service)."
    }
  }
}

# Requests answered with a 5xx status.
resource "google_logging_metric" "errors" {
  project          = var.project
  name             = "${var.name}-http-errors"
  description      = "HTTP requests of ${var.namespace} answered with status >= 500, by service."
  filter           = "${local.request_filter} AND jsonPayload.status>=500"
  label_extractors = local.service_label

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "${var.name} HTTP 5xx responses"

    labels {
      key         = "service"
      value_type  = "STRING"
      description = "Service that answered (jsonPayload.service)."
    }
  }
}

# Distribution of the request durations (jsonPayload.duration_ms).
resource "google_logging_metric" "latency" {
  project          = var.project
  name             = "${var.name}-http-latency"
  description      = "Latency of the HTTP requests of ${var.namespace} in milliseconds, by service."
  filter           = "${local.request_filter} AND jsonPayload.duration_ms:*"
  value_extractor  = "EXTRACT(jsonPayload.duration_ms)"
  label_extractors = local.service_label

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "DISTRIBUTION"
    unit         = "ms"
    display_name = "${var.name} HTTP latency"

    labels {
      key         = "service"
      value_type  = "STRING"
      description = "Service that answered (jsonPayload.service)."
    }
  }

  bucket_options {
    exponential_buckets {
      num_finite_buckets = var.latency_buckets.count
      growth_factor      = var.latency_buckets.growth_factor
      scale              = var.latency_buckets.scale
    }
  }
}
