variable "project" {
  description = "GCP project id the uptime checks and alert policies are created in."
  type        = string
}

variable "name" {
  description = "<stack>-<instance>: prefix of every display name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,40}$", var.name))
    error_message = "name must be at most 40 characters of [a-z0-9-]."
  }
}

variable "labels" {
  description = "Labels applied to the uptime checks, alert policies and created notification channels (user_labels)."
  type        = map(string)
  default     = {}
}

variable "uptime_checks" {
  description = "HTTPS GET checks by name: host (e.g. rates.staging.loopstock.example) and path (e.g. /healthz). A 2xx answer with a valid certificate passes."
  type = map(object({
    host = string
    path = string
  }))
  default = {}

  validation {
    condition     = alltrue([for c in values(var.uptime_checks) : startswith(c.path, "/") && !strcontains(c.host, "/")])
    error_message = "Every uptime check needs a bare host (no scheme or path) and a path starting with \"/\"."
  }
}

variable "notification_channels" {
  description = "Where alerts go: ids of existing notification channels (projects/PROJECT/notificationChannels/ID), or \"email:ADDRESS\" for an e-mail channel this module creates."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.notification_channels : can(regex("^(projects/[^/]+/notificationChannels/[^/]+|email:[^@\\s]+@[^@\\s]+)$", c))])
    error_message = "Every notification channel must be projects/PROJECT/notificationChannels/ID or email:ADDRESS."
  }
}

variable "error_rate_threshold" {
  description = "Alert when the share of requests answered 5xx by a service, over 5 minutes, exceeds this fraction."
  type        = number
  default     = 0.05

  validation {
    condition     = var.error_rate_threshold > 0 && var.error_rate_threshold < 1
    error_message = "error_rate_threshold must be a fraction between 0 and 1."
  }
}

variable "latency_threshold_ms" {
  description = "Alert when a service's p99 request latency, over 5 minutes, exceeds this many milliseconds."
  type        = number
  default     = 1000

  validation {
    condition     = var.latency_threshold_ms > 0
    error_message = "latency_threshold_ms must be positive."
  }
}

variable "cpu_saturation_threshold" {
  description = "Alert when a container uses more than this fraction of its CPU limit for 10 minutes."
  type        = number
  default     = 0.9

  validation {
    condition     = var.cpu_saturation_threshold > 0 && var.cpu_saturation_threshold <= 1
    error_message = "cpu_saturation_threshold must be in (0, 1]."
  }
}

variable "error_metric_type" {
  description = "Metric type of the 5xx counter (logging module output error_metric_type)."
  type        = string
}

variable "latency_metric_type" {
  description = "Metric type of the latency distribution in ms (logging module output latency_metric_type)."
  type        = string
}

variable "request_metric_type" {
  description = "Metric type of the request counter (logging module output request_metric_type). null: derived from error_metric_type (...-http-errors -> ...-http-requests), the logging module's naming."
  type        = string
  default     = null
}

variable "namespace" {
  description = "Limit the CPU saturation alert to the containers of this Kubernetes namespace. null: every container of the project."
  type        = string
  default     = null
}

variable "cluster_name" {
  description = "Limit the CPU saturation alert to this cluster. null: every cluster of the project."
  type        = string
  default     = null
}
