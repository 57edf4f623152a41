variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>[-<dependency>]. Also the DB instance identifier."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1 to 40 characters of [a-z0-9-], start with a letter, not end with a hyphen nor hold two in a row (RDS identifier rules)."
  }
}

variable "tags" {
  description = "Tags applied to every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "engine" {
  description = "Database engine: postgres or mysql."
  type        = string

  validation {
    condition     = contains(["postgres", "mysql"], var.engine)
    error_message = "engine must be postgres or mysql."
  }
}

variable "engine_version" {
  description = "Engine version: a major (\"16\", \"8.0\") lets RDS pick and upgrade the minor; a full version (\"16.4\", \"8.0.39\") pins it."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+){0,2}$", var.engine_version))
    error_message = "engine_version must look like 16, 16.4, 8.0 or 8.0.39."
  }
}

variable "instance_class" {
  description = "DB instance class (e.g. db.t4g.micro, db.m7g.large)."
  type        = string

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must start with \"db.\"."
  }
}

variable "allocated_storage" {
  description = "Allocated storage in GiB (gp3)."
  type        = number

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be from 20 to 65536 GiB."
  }
}

variable "max_allocated_storage" {
  description = "Upper limit of storage autoscaling in GiB; 0 disables autoscaling."
  type        = number
  default     = 0
}

variable "multi_az" {
  description = "Keep a synchronous standby in a second availability zone."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days automated backups (and point-in-time recovery) are kept; 0 disables them."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 0 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be from 0 to 35."
  }
}

variable "backup_window" {
  description = "Daily UTC window of automated backups (hh24:mi-hh24:mi), outside the maintenance window."
  type        = string
  default     = "03:00-04:00"
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window (ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:04:30-sun:05:30"
}

variable "deletion_protection" {
  description = "Refuse to delete the instance; when true a final snapshot is also taken on deletion. stackctl passes false only with --purge."
  type        = bool
}

variable "vpc_id" {
  description = "ID of the VPC of the instance's security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the DB subnet group (at least two availability zones)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two subnets in different availability zones."
  }
}

variable "allowed_cidr" {
  description = "CIDR block allowed to connect on the engine port (the VPC's CIDR)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.allowed_cidr))
    error_message = "allowed_cidr must be an IPv4 CIDR block."
  }
}

variable "database" {
  description = "Name of the database created in the instance."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.database))
    error_message = "database must start with a letter and hold only letters, digits and underscores (at most 63)."
  }
}

variable "username" {
  description = "Master user name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.username)) && lower(var.username) != "rdsadmin"
    error_message = "username must start with a letter, hold letters, digits and underscores (at most 16) and not be rdsadmin."
  }
}

variable "password" {
  description = "Master password. Given to the write-only argument password_wo: it never reaches the plan or the state. Set through TF_VAR_, never in a file."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = length(var.password) >= 8 && length(var.password) <= 41 && !can(regex("[/@\" ]", var.password))
    error_message = "password must be 8 to 41 characters, without /, @, \" or spaces."
  }
}

variable "password_version" {
  description = "Bump to send a new password: Terraform cannot compare a write-only value, only this counter."
  type        = number
  default     = 1
}

variable "performance_insights" {
  description = "Enable Performance Insights (7 days, free tier); not available on every micro class."
  type        = bool
  default     = false
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
}
