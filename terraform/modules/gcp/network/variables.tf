variable "project" {
  description = "GCP project id the network is created in."
  type        = string
}

variable "region" {
  description = "Region of the subnet, the Cloud Router and Cloud NAT (e.g. europe-west1)."
  type        = string
}

variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", var.name))
    error_message = "name must be at most 40 characters of [a-z0-9-], start with a letter and not end with a hyphen."
  }
}

variable "labels" {
  description = "Labels applied to the resources that take them (the private services range)."
  type        = map(string)
  default     = {}
}

variable "subnet_cidr" {
  description = "Primary range of the subnet (nodes and internal load balancers)."
  type        = string
  default     = "10.10.0.0/20"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "subnet_cidr must be an IPv4 CIDR block."
  }
}

variable "pods_cidr" {
  description = "Secondary range of the subnet for GKE pod addresses (VPC-native)."
  type        = string
  default     = "10.20.0.0/14"

  validation {
    condition     = can(cidrhost(var.pods_cidr, 0))
    error_message = "pods_cidr must be an IPv4 CIDR block."
  }
}

variable "services_cidr" {
  description = "Secondary range of the subnet for GKE Service (ClusterIP) addresses."
  type        = string
  default     = "10.24.0.0/20"

  validation {
    condition     = can(cidrhost(var.services_cidr, 0))
    error_message = "services_cidr must be an IPv4 CIDR block."
  }
}

variable "private_services_prefix_length" {
  description = "Prefix length of the range reserved for private services access (Cloud SQL, Memorystore); Google picks a free block of this size in the VPC."
  type        = number
  default     = 16

  validation {
    condition     = var.private_services_prefix_length >= 8 && var.private_services_prefix_length <= 24
    error_message = "private_services_prefix_length must be between 8 and 24."
  }
}

variable "nat_log_errors" {
  description = "Log Cloud NAT translation errors (only errors, to keep log volume low)."
  type        = bool
  default     = true
}

variable "service_networking_deletion_policy" {
  description = "deletion_policy of the private services connection: null deletes it on destroy (which fails while a deleted Cloud SQL instance still holds the peering), \"ABANDON\" only removes it from the state."
  type        = string
  default     = null

  validation {
    condition     = var.service_networking_deletion_policy == null || var.service_networking_deletion_policy == "ABANDON"
    error_message = "service_networking_deletion_policy must be null or \"ABANDON\"."
  }
}
