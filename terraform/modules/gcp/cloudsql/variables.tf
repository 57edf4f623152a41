variable "project" {
  description = "GCP project id the instance is created in."
  type        = string
}

variable "region" {
  description = "Region of the instance (e.g. europe-west1)."
  type        = string
}

variable "name" {
  description = "Name of the Cloud SQL instance (e.g. loopstock-staging-rates-db). Names of deleted instances stay reserved for about a week."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,96}[a-z0-9])?$", var.name))
    error_message = "name must start with a letter, contain only [a-z0-9-], not end with a hyphen and be at most 98 characters."
  }
}

variable "labels" {
  description = "Labels applied to the instance (user_labels)."
  type        = map(string)
  default     = {}
}

variable "engine" {
  description = "Database engine: \"postgres\" or \"mysql\"."
  type        = string

  validation {
    condition     = contains(["postgres", "mysql"], var.engine)
    error_message = "engine must be \"postgres\" or \"mysql\"."
  }
}

variable "engine_version" {
  description = "Major version of the engine: e.g. \"15\" or \"16\" for postgres, \"8.0\" or \"8.4\" for mysql."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must look like \"15\" or \"8.0\"."
  }
}

variable "tier" {
  description = "Machine tier, e.g. \"db-f1-micro\", \"db-custom-1-3840\" (1 vCPU, 3.75 GB) or \"db-custom-4-16384\"."
  type        = string

  validation {
    condition     = can(regex("^db-", var.tier))
    error_message = "tier must be a Cloud SQL tier name starting with \"db-\"."
  }
}

variable "edition" {
  description = "Cloud SQL edition: \"ENTERPRISE\" (takes db-custom-* and shared-core tiers) or \"ENTERPRISE_PLUS\" (db-perf-optimized-N-* tiers). Set explicitly because new PostgreSQL 16+ instances would otherwise default to ENTERPRISE_PLUS."
  type        = string
  default     = "ENTERPRISE"

  validation {
    condition     = contains(["ENTERPRISE", "ENTERPRISE_PLUS"], var.edition)
    error_message = "edition must be \"ENTERPRISE\" or \"ENTERPRISE_PLUS\"."
  }
}

variable "disk_size_gb" {
  description = "Initial SSD size in GB. The disk grows automatically when it fills up (disk_autoresize) and can never shrink, so later changes of this value are ignored."
  type        = number

  validation {
    condition     = var.disk_size_gb >= 10 && floor(var.disk_size_gb) == var.disk_size_gb
    error_message = "disk_size_gb must be a whole number of at least 10."
  }
}

variable "high_availability" {
  description = "REGIONAL availability: a standby in a second zone with automatic failover. MySQL needs backups enabled for it (binary logging is turned on automatically)."
  type        = bool
}

variable "backup" {
  description = "Automated backups: enabled, start_time (\"HH:MM\" UTC, start of the daily backup window), retain_days (number of daily backups kept, 1-365), point_in_time (point-in-time recovery: WAL archiving on postgres, binary logs on mysql)."
  type = object({
    enabled       = bool
    start_time    = string
    retain_days   = number
    point_in_time = bool
  })

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup.start_time))
    error_message = "backup.start_time must be \"HH:MM\" (24h, UTC)."
  }

  validation {
    condition     = var.backup.retain_days >= 1 && var.backup.retain_days <= 365
    error_message = "backup.retain_days must be between 1 and 365."
  }

  validation {
    condition     = var.backup.enabled || !var.backup.point_in_time
    error_message = "backup.point_in_time needs backup.enabled."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance: both Terraform's deletion_protection and the Cloud SQL API's deletion_protection_enabled. false only with --purge."
  type        = bool
}

variable "retain_backups_on_delete" {
  description = "Keep the automated backups (and take a final one) when the instance is deleted, so a purged database can still be restored."
  type        = bool
  default     = true
}

variable "network_id" {
  description = "Id of the VPC the instance gets its private IP in (network module output network_id)."
  type        = string
}

variable "private_services_connection" {
  description = "Id of the private services connection (network module output); the instance is created after it."
  type        = string
}

variable "ssl_mode" {
  description = "Which client connections the instance accepts: \"ENCRYPTED_ONLY\" (TLS required, no client certificate), \"ALLOW_UNENCRYPTED_AND_ENCRYPTED\" or \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"."
  type        = string
  default     = "ENCRYPTED_ONLY"

  validation {
    condition     = contains(["ENCRYPTED_ONLY", "ALLOW_UNENCRYPTED_AND_ENCRYPTED", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"], var.ssl_mode)
    error_message = "ssl_mode must be ENCRYPTED_ONLY, ALLOW_UNENCRYPTED_AND_ENCRYPTED or TRUSTED_CLIENT_CERTIFICATE_REQUIRED."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window: day (1 = Monday ... 7 = Sunday) and hour (0-23, UTC)."
  type = object({
    day  = number
    hour = number
  })
  default = { day = 7, hour = 3 }

  validation {
    condition     = var.maintenance_window.day >= 1 && var.maintenance_window.day <= 7 && var.maintenance_window.hour >= 0 && var.maintenance_window.hour <= 23
    error_message = "maintenance_window.day must be 1-7 and hour 0-23."
  }
}

variable "database" {
  description = "Name of the database created in the instance."
  type        = string
}

variable "user" {
  description = "Name of the built-in (password) user the services connect as."
  type        = string
}

variable "password" {
  description = "Password of the user, set by stackctl through TF_VAR_. Passed to the write-only password_wo: it never reaches the state or the plan."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Version of the password: Terraform sends password_wo only when this number changes, so bump it to rotate the password."
  type        = number
  default     = 1
}
