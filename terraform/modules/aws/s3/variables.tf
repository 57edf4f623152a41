variable "name" {
  description = "Bucket name (globally unique; stackctl passes <stack>-<instance>-backups-<account>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be a valid S3 bucket name: 3 to 63 characters of [a-z0-9.-]."
  }
}

variable "tags" {
  description = "Tags applied to every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "retain_days" {
  description = "Days an object (a backup) is kept before it expires."
  type        = number

  validation {
    condition     = var.retain_days >= 1
    error_message = "retain_days must be 1 or more."
  }
}

variable "infrequent_access_after_days" {
  description = "Days after which objects move to STANDARD_IA (at least 30); no transition when retain_days is not above it."
  type        = number
  default     = 30

  validation {
    condition     = var.infrequent_access_after_days >= 30
    error_message = "infrequent_access_after_days must be 30 or more (S3's minimum for STANDARD_IA)."
  }
}

variable "noncurrent_days" {
  description = "Days an overwritten or deleted object's previous version is kept."
  type        = number
  default     = 7

  validation {
    condition     = var.noncurrent_days >= 1
    error_message = "noncurrent_days must be 1 or more."
  }
}

variable "force_destroy" {
  description = "Delete the bucket with its objects on destroy. stackctl passes true only with --purge."
  type        = bool
}

variable "kms_key_arn" {
  description = "KMS key encrypting the objects (SSE-KMS); null uses S3-managed keys (SSE-S3, AES256)."
  type        = string
  default     = null
}
