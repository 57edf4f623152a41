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

variable "cidr" {
  description = "IPv4 CIDR block of the VPC. It is cut into 16 equal subnets: the first az_count are public, the ones from the ninth on are private."
  type        = string
  default     = "10.30.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr)) && tonumber(split("/", var.cidr)[1]) >= 16 && tonumber(split("/", var.cidr)[1]) <= 24
    error_message = "cidr must be an IPv4 CIDR block between /16 and /24."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread the subnets over (one public and one private subnet per zone)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 1 && var.az_count <= 8 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 1 to 8."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by every private subnet (cheaper) instead of one per availability zone (survives the loss of a zone)."
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "Name of the EKS cluster that will use the subnets, for the kubernetes.io/cluster/<name> discovery tag. Empty: no such tag."
  type        = string
  default     = ""
}
