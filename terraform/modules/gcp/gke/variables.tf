variable "project" {
  description = "GCP project id the cluster is created in."
  type        = string
}

variable "region" {
  description = "Region of the (regional) cluster: control plane and nodes spread over the region's zones."
  type        = string
}

variable "name" {
  description = "Name of the cluster: <stack>-<instance>."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", var.name))
    error_message = "name must be at most 40 characters of [a-z0-9-], start with a letter and end with a letter or digit."
  }
}

variable "labels" {
  description = "Labels applied to the cluster (resource_labels) and to its nodes."
  type        = map(string)
  default     = {}
}

variable "network_id" {
  description = "Id of the VPC (network module output network_id)."
  type        = string
}

variable "subnetwork_id" {
  description = "Id of the subnet the nodes live in (network module output subnetwork_id)."
  type        = string
}

variable "pods_range_name" {
  description = "Name of the subnet's secondary range for pods (VPC-native)."
  type        = string
}

variable "services_range_name" {
  description = "Name of the subnet's secondary range for Services."
  type        = string
}

variable "autopilot" {
  description = "true: GKE Autopilot (Google manages the nodes, billed per pod resource request). false: Standard cluster with the node pools of node_pools."
  type        = bool
  default     = true
}

variable "node_pools" {
  description = "Standard clusters only: autoscaling node pools by name. min_nodes/max_nodes count nodes across all zones of the region; spot = true uses Spot VMs (cheaper, can be preempted)."
  type = map(object({
    machine_type = string
    min_nodes    = number
    max_nodes    = number
    spot         = bool
  }))
  default = {}

  validation {
    condition     = alltrue([for p in values(var.node_pools) : p.min_nodes >= 0 && p.max_nodes >= 1 && p.min_nodes <= p.max_nodes])
    error_message = "Every node pool needs 0 <= min_nodes <= max_nodes and max_nodes >= 1."
  }

  validation {
    condition     = alltrue([for k in keys(var.node_pools) : can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", k))])
    error_message = "Node pool names must be at most 40 characters of [a-z0-9-], starting with a letter."
  }
}

variable "release_channel" {
  description = "GKE release channel: RAPID, REGULAR, STABLE or EXTENDED. Google upgrades the control plane and nodes within it."
  type        = string
  default     = "REGULAR"

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE", "EXTENDED"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR, STABLE or EXTENDED."
  }
}

variable "deletion_protection" {
  description = "Terraform refuses to destroy the cluster while true. false only with --purge."
  type        = bool
}

variable "master_authorized_networks" {
  description = "CIDR blocks allowed to reach the public control plane endpoint (besides Google Cloud). Empty: any address, authenticated by IAM."
  type = list(object({
    cidr_block   = string
    display_name = string
  }))
  default = []
}

variable "grant_registry_reader" {
  description = "Give the node service account roles/artifactregistry.reader on the project, so the nodes can pull the images stackctl pushes."
  type        = bool
  default     = true
}

variable "secrets_encryption_key" {
  description = "Cloud KMS key (projects/P/locations/REGION/keyRings/R/cryptoKeys/K, in the cluster's region) that encrypts Kubernetes Secrets in etcd (application-layer secrets encryption). The module grants the GKE service agent encrypt/decrypt on it. Empty: Google's default encryption at rest."
  type        = string
  default     = ""

  validation {
    condition     = var.secrets_encryption_key == "" || can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", var.secrets_encryption_key))
    error_message = "secrets_encryption_key must be empty or projects/P/locations/L/keyRings/R/cryptoKeys/K."
  }
}
