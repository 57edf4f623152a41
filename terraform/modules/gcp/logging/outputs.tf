output "error_metric_type" {
  description = "Metric type of the 5xx counter: logging.googleapis.com/user/NAME-http-errors."
  value       = "logging.googleapis.com/user/${google_logging_metric.errors.name}"
}

output "latency_metric_type" {
  description = "Metric type of the latency distribution (ms): logging.googleapis.com/user/NAME-http-latency."
  value       = "logging.googleapis.com/user/${google_logging_metric.latency.name}"
}

output "request_metric_type" {
  description = "Metric type of the request counter (the error rate's denominator): logging.googleapis.com/user/NAME-http-requests."
  value       = "logging.googleapis.com/user/${google_logging_metric.requests.name}"
}
