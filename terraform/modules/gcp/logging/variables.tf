variable "project" {
  description = "GCP project id the log-based metrics are created in (the cluster's project)."
  type        = string
}

variable "name" {
  description = "<stack>-<instance>: prefix of the metric names."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,40}$", var.name))
    error_message = "name must be at most 40 characters of [a-z0-9-]."
  }
}

variable "labels" {
  description = "Accepted like every module's; log-based metrics take no labels."
  type        = map(string)
  default     = {}
}

variable "namespace" {
  description = "Kubernetes namespace whose containers' request logs are counted."
  type        = string
}

variable "cluster_name" {
  description = "Name of the GKE cluster the namespace is in."
  type        = string
}

variable "latency_buckets" {
  description = "Exponential buckets of the latency distribution, in milliseconds: bucket i (1..count) starts at scale * growth_factor^(i-1)."
  type = object({
    count         = number
    growth_factor = number
    scale         = number
  })
  default = { count = 40, growth_factor = 1.4, scale = 1 }

  validation {
    condition     = var.latency_buckets.count >= 1 && var.latency_buckets.growth_factor > 1 && var.latency_buckets.scale > 0
    error_message = "latency_buckets needs count >= 1, growth_factor > 1 and scale > 0."
  }
}
