variable "project" {
  description = "GCP project id the bucket is created in."
  type        = string
}

variable "region" {
  description = "Location of the bucket (a region such as europe-west1, or a multi-region such as EU)."
  type        = string
}

variable "name" {
  description = "Globally unique bucket name (e.g. loopstock-production-backups)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.name)) && !can(regex("^goog", var.name))
    error_message = "name must be 3-63 characters of [a-z0-9._-], start and end with a letter or digit, and not start with \"goog\"."
  }
}

variable "labels" {
  description = "Labels applied to the bucket."
  type        = map(string)
  default     = {}
}

variable "retain_days" {
  description = "Objects are deleted this many days after they were written."
  type        = number

  validation {
    condition     = var.retain_days >= 1 && floor(var.retain_days) == var.retain_days
    error_message = "retain_days must be a whole number of at least 1."
  }
}

variable "nearline_after_days" {
  description = "Objects move to the NEARLINE storage class (cheaper storage, retrieval fee, 30 days minimum) this many days after they were written; no move when it is not below retain_days."
  type        = number
  default     = 30

  validation {
    condition     = var.nearline_after_days >= 0 && floor(var.nearline_after_days) == var.nearline_after_days
    error_message = "nearline_after_days must be a whole number, 0 or more."
  }
}

variable "noncurrent_retain_days" {
  description = "Overwritten or deleted object versions (versioning) are deleted this many days after they became noncurrent."
  type        = number
  default     = 7

  validation {
    condition     = var.noncurrent_retain_days >= 1 && floor(var.noncurrent_retain_days) == var.noncurrent_retain_days
    error_message = "noncurrent_retain_days must be a whole number of at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete a bucket that still holds objects. false unless --purge."
  type        = bool
}
