variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>[-<dependency>]. Also the replication group id."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1 to 40 characters of [a-z0-9-], start with a letter, not end with a hyphen nor hold two in a row."
  }
}

variable "tags" {
  description = "Tags applied to every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "cluster_mode" {
  description = "Redis cluster mode: data sharded over `shards` node groups (clients must speak the cluster protocol)."
  type        = bool
}

variable "shards" {
  description = "Number of shards (node groups) in cluster mode; ignored otherwise."
  type        = number
  default     = 1

  validation {
    condition     = var.shards >= 1 && var.shards <= 500
    error_message = "shards must be from 1 to 500."
  }
}

variable "replicas_per_shard" {
  description = "Read replicas per shard (per the single primary without cluster mode). 1 or more enables automatic failover and Multi-AZ."
  type        = number
  default     = 0

  validation {
    condition     = var.replicas_per_shard >= 0 && var.replicas_per_shard <= 5
    error_message = "replicas_per_shard must be from 0 to 5."
  }
}

variable "node_type" {
  description = "Cache node type (e.g. cache.t4g.micro, cache.r7g.large)."
  type        = string

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must start with \"cache.\"."
  }
}

variable "engine_version" {
  description = "Redis engine version (e.g. \"7.1\")."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9x]+$", var.engine_version))
    error_message = "engine_version must look like 7.1."
  }
}

variable "vpc_id" {
  description = "ID of the VPC of the cache's security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the cache subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids needs at least one subnet."
  }
}

variable "allowed_cidr" {
  description = "CIDR block allowed to connect on port 6379 (the VPC's CIDR)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.allowed_cidr))
    error_message = "allowed_cidr must be an IPv4 CIDR block."
  }
}

variable "auth_token" {
  description = "Redis AUTH token; non-empty enables in-transit encryption (TLS) with AUTH. Empty: no TLS, no AUTH. ElastiCache has no write-only argument: the token is kept (encrypted) in the state."
  type        = string
  sensitive   = true
  default     = ""

  validation {
    condition     = var.auth_token == "" || (length(var.auth_token) >= 16 && length(var.auth_token) <= 128 && !can(regex("[@\"/ ]", var.auth_token)))
    error_message = "auth_token must be empty or 16 to 128 printable characters without @, \", / or spaces."
  }
}

variable "snapshot_retention_days" {
  description = "Days daily snapshots are kept; 0 disables them (not supported on t1/t2 node types)."
  type        = number
  default     = 1
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window (ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:05:00-sun:06:00"
}

variable "snapshot_window" {
  description = "Daily UTC snapshot window (hh24:mi-hh24:mi), outside the maintenance window."
  type        = string
  default     = "03:00-04:00"
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
}
