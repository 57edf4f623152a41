variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>. Also the cluster name."
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

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and the node group (e.g. \"1.31\")."
  type        = string
  default     = "1.31"

  validation {
    condition     = can(regex("^1\\.[0-9]+$", var.kubernetes_version))
    error_message = "kubernetes_version must look like \"1.31\"."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the cluster runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the control plane network interfaces and of the nodes (at least two availability zones)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids needs at least one subnet (EKS itself requires two availability zones)."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group, in order of preference."
  type        = list(string)
  default     = ["t3.medium"]

  validation {
    condition     = length(var.node_instance_types) >= 1
    error_message = "node_instance_types needs at least one instance type."
  }
}

variable "min_nodes" {
  description = "Minimum size of the managed node group."
  type        = number
  default     = 1

  validation {
    condition     = var.min_nodes >= 0
    error_message = "min_nodes must be 0 or more."
  }
}

variable "max_nodes" {
  description = "Maximum size of the managed node group."
  type        = number
  default     = 3

  validation {
    condition     = var.max_nodes >= 1
    error_message = "max_nodes must be 1 or more."
  }
}

variable "desired_nodes" {
  description = "Desired size of the managed node group, between min_nodes and max_nodes."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_nodes >= 0
    error_message = "desired_nodes must be 0 or more."
  }
}

variable "capacity_type" {
  description = "Capacity type of the node group: ON_DEMAND or SPOT."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.capacity_type)
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_disk_size" {
  description = "Root volume size of each node, in GiB."
  type        = number
  default     = 50
}

variable "public_access_cidrs" {
  description = "CIDR blocks allowed to reach the public API endpoint (kubectl from the deploying machine)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "enabled_cluster_log_types" {
  description = "Control plane log types sent to CloudWatch Logs."
  type        = list(string)
  default     = ["api", "audit", "authenticator"]
}

variable "secrets_encryption_key" {
  description = "KMS key or alias ARN (in the cluster's region) that encrypts Kubernetes Secrets in etcd (envelope encryption). The module lets the cluster role use it. Empty: EKS's default encryption at rest. Once set it cannot be removed: EKS replaces the cluster to drop it."
  type        = string
  default     = ""

  validation {
    condition     = var.secrets_encryption_key == "" || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/", var.secrets_encryption_key))
    error_message = "secrets_encryption_key must be empty or a KMS key or alias ARN."
  }
}
