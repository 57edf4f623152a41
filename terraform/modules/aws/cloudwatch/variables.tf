variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 1 to 40 characters of [a-z0-9-]."
  }
}

variable "tags" {
  description = "Tags applied to every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "db_instance_ids" {
  description = "RDS instance identifiers to watch (CPU, free storage, connections). Must be known at plan time: pass the rds module's instance_id."
  type        = list(string)
  default     = []
}

variable "cache_cluster_ids" {
  description = "ElastiCache member cluster ids to watch (engine CPU, memory). Must be known at plan time: pass the elasticache module's cache_cluster_ids."
  type        = list(string)
  default     = []
}

variable "cpu_threshold" {
  description = "CPU utilisation (percent) above which an alarm fires."
  type        = number
  default     = 80

  validation {
    condition     = var.cpu_threshold > 0 && var.cpu_threshold <= 100
    error_message = "cpu_threshold must be a percentage above 0 and at most 100."
  }
}

variable "free_storage_threshold_bytes" {
  description = "RDS free storage (bytes) below which an alarm fires."
  type        = number
  default     = 2147483648
}

variable "db_connections_threshold" {
  description = "RDS connection count above which an alarm fires."
  type        = number
  default     = 80
}

variable "cache_memory_threshold" {
  description = "ElastiCache memory usage (percent of maxmemory) above which an alarm fires."
  type        = number
  default     = 80
}

variable "evaluation_periods" {
  description = "Consecutive 5-minute periods a threshold must be crossed before the alarm fires."
  type        = number
  default     = 3
}

variable "email_endpoints" {
  description = "E-mail addresses subscribed to the alarm topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}
