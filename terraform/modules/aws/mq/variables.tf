variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>[-<dependency>]. Also the broker name."
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

variable "engine_version" {
  description = "ActiveMQ version. A major.minor (\"5.18\") gets patch upgrades automatically."
  type        = string
  default     = "5.18"

  validation {
    condition     = can(regex("^5\\.[0-9]+(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be an ActiveMQ 5.x version such as 5.18."
  }
}

variable "instance_type" {
  description = "Broker instance type (e.g. mq.t3.micro, mq.m5.large)."
  type        = string

  validation {
    condition     = startswith(var.instance_type, "mq.")
    error_message = "instance_type must start with \"mq.\"."
  }
}

variable "deployment_mode" {
  description = "SINGLE_INSTANCE (one subnet) or ACTIVE_STANDBY_MULTI_AZ (two subnets in different zones)."
  type        = string
  default     = "SINGLE_INSTANCE"

  validation {
    condition     = contains(["SINGLE_INSTANCE", "ACTIVE_STANDBY_MULTI_AZ"], var.deployment_mode)
    error_message = "deployment_mode must be SINGLE_INSTANCE or ACTIVE_STANDBY_MULTI_AZ."
  }
}

variable "vpc_id" {
  description = "ID of the VPC of the broker's security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets; the first one (single instance) or the first two (active/standby) are used."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids needs at least one subnet."
  }
}

variable "allowed_cidr" {
  description = "CIDR block allowed to reach the broker's protocols and web console (the VPC's CIDR)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.allowed_cidr))
    error_message = "allowed_cidr must be an IPv4 CIDR block."
  }
}

variable "username" {
  description = "Broker user (with web console access)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_~.-]{2,100}$", var.username)) && lower(var.username) != "activemq-webconsole"
    error_message = "username must be 2 to 100 characters of letters, digits, _ ~ . - and not activemq-webconsole."
  }
}

variable "password" {
  description = "Password of the broker user (12 to 250 characters, at least 4 distinct, no commas, colons or equal signs). Amazon MQ has no write-only argument: it is kept (encrypted) in the state."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.password) >= 12 && length(var.password) <= 250 && !can(regex("[,:=]", var.password)) && length(distinct(split("", var.password))) >= 4
    error_message = "password must be 12 to 250 characters, hold at least 4 distinct ones and no comma, colon or equal sign."
  }
}

variable "maintenance_day" {
  description = "Day of the weekly maintenance window (MONDAY..SUNDAY)."
  type        = string
  default     = "SUNDAY"
}

variable "maintenance_time" {
  description = "UTC start time of the weekly maintenance window (HH:MM)."
  type        = string
  default     = "05:00"
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
}
