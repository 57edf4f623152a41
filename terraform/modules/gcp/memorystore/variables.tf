variable "project" {
  description = "GCP project id the cache is created in."
  type        = string
}

variable "region" {
  description = "Region of the cache (e.g. europe-west1)."
  type        = string
}

variable "name" {
  description = "Name of the instance or cluster (e.g. loopstock-staging-sportbuff-cache)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", var.name))
    error_message = "name must be at most 40 characters of [a-z0-9-], start with a letter and end with a letter or digit."
  }
}

variable "labels" {
  description = "Labels applied to the instance and the service connection policy (Memorystore clusters and subnets take no labels)."
  type        = map(string)
  default     = {}
}

variable "network_id" {
  description = "Id of the VPC the clients (GKE pods) are in (network module output network_id)."
  type        = string
}

variable "private_services_connection" {
  description = "Id of the private services connection (network module output); an instance (cluster = false) is created after it."
  type        = string
}

variable "cluster" {
  description = "false: one Memorystore for Redis instance (google_redis_instance, private services access). true: Memorystore for Redis Cluster (google_redis_cluster, sharded, reached through Private Service Connect)."
  type        = bool
}

variable "shards" {
  description = "Cluster only: number of shards."
  type        = number
  default     = 3

  validation {
    condition     = var.shards >= 1 && var.shards <= 250 && floor(var.shards) == var.shards
    error_message = "shards must be a whole number between 1 and 250."
  }
}

variable "replicas" {
  description = "Cluster only: replicas per shard (0-2); at least 1 for failover."
  type        = number
  default     = 1

  validation {
    condition     = contains([0, 1, 2], var.replicas)
    error_message = "replicas must be 0, 1 or 2."
  }
}

variable "tier" {
  description = "Instance only: \"BASIC\" (one node, no replication) or \"STANDARD_HA\" (primary and replica in two zones, automatic failover)."
  type        = string
  default     = "BASIC"

  validation {
    condition     = contains(["BASIC", "STANDARD_HA"], var.tier)
    error_message = "tier must be \"BASIC\" or \"STANDARD_HA\"."
  }
}

variable "memory_size_gb" {
  description = "Instance only: memory in GB (1-300)."
  type        = number
  default     = 1

  validation {
    condition     = var.memory_size_gb >= 1 && var.memory_size_gb <= 300
    error_message = "memory_size_gb must be between 1 and 300."
  }
}

variable "redis_version" {
  description = "Instance only: Redis version, e.g. \"REDIS_7_0\" or \"REDIS_7_2\" (a cluster runs the version Google manages)."
  type        = string
  default     = "REDIS_7_2"

  validation {
    condition     = can(regex("^REDIS_[0-9]+_[0-9X]+$", var.redis_version))
    error_message = "redis_version must look like \"REDIS_7_2\"."
  }
}

variable "node_type" {
  description = "Cluster only: node type, e.g. \"REDIS_SHARED_CORE_NANO\" (scaled-down copies), \"REDIS_STANDARD_SMALL\", \"REDIS_HIGHMEM_MEDIUM\". null: the API default (REDIS_HIGHMEM_MEDIUM)."
  type        = string
  default     = null

  validation {
    condition     = var.node_type == null ? true : contains(["REDIS_SHARED_CORE_NANO", "REDIS_STANDARD_SMALL", "REDIS_HIGHMEM_MEDIUM", "REDIS_HIGHMEM_XLARGE"], var.node_type)
    error_message = "node_type must be REDIS_SHARED_CORE_NANO, REDIS_STANDARD_SMALL, REDIS_HIGHMEM_MEDIUM or REDIS_HIGHMEM_XLARGE."
  }
}

variable "deletion_protection" {
  description = "Cluster: the API refuses to delete it while true (deletion_protection_enabled). An instance has no such setting: stackctl's refusal to destroy protected resources without --allow-destroy covers it."
  type        = bool
}

variable "auth_enabled" {
  description = "Instance only: require the Redis AUTH string (output auth_string)."
  type        = bool
  default     = true
}

variable "cluster_iam_auth" {
  description = "Cluster only: require IAM authentication (AUTH_MODE_IAM_AUTH). Off by default because clients must then send an OAuth access token as the password."
  type        = bool
  default     = false
}

variable "transit_encryption" {
  description = "TLS between clients and Redis (server authentication): clients connect with TLS and trust the CA of output ca_certificates."
  type        = bool
  default     = true
}

variable "psc_subnet_id" {
  description = "Cluster only: existing subnet (in network_id and region) for the cluster's Private Service Connect endpoints. null: the module creates one from psc_subnet_cidr."
  type        = string
  default     = null
}

variable "psc_subnet_cidr" {
  description = "Cluster only: range of the PSC subnet the module creates when psc_subnet_id is null. Must not overlap the network's other ranges."
  type        = string
  default     = "10.10.16.0/24"

  validation {
    condition     = can(cidrhost(var.psc_subnet_cidr, 0))
    error_message = "psc_subnet_cidr must be an IPv4 CIDR block."
  }
}

variable "create_connection_policy" {
  description = "Cluster only: create the service connection policy (service class gcp-memorystore-redis) for network and region. A network has at most one per region and service class: set false for a second cluster in the same environment."
  type        = bool
  default     = true
}
