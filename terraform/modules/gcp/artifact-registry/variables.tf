variable "project" {
  description = "GCP project id the repository is created in."
  type        = string
}

variable "region" {
  description = "Region of the repository; images are pushed to REGION-docker.pkg.dev."
  type        = string
}

variable "name" {
  description = "Repository id (e.g. loopstock-staging)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "name must start with a letter, contain only [a-z0-9-] and be at most 63 characters."
  }
}

variable "labels" {
  description = "Labels applied to the repository."
  type        = map(string)
  default     = {}
}

variable "keep_recent" {
  description = "Number of most recent versions of each image kept by the cleanup policies; older ones are deleted once older than min_age_days."
  type        = number
  default     = 20

  validation {
    condition     = var.keep_recent >= 1 && floor(var.keep_recent) == var.keep_recent
    error_message = "keep_recent must be a whole number of at least 1."
  }
}

variable "min_age_days" {
  description = "Versions younger than this many days are never deleted, even beyond keep_recent (an image pushed for a deploy in progress, a rollback target)."
  type        = number
  default     = 14

  validation {
    condition     = var.min_age_days >= 1 && floor(var.min_age_days) == var.min_age_days
    error_message = "min_age_days must be a whole number of at least 1."
  }
}

variable "cleanup_dry_run" {
  description = "Only report what the cleanup policies would delete (in audit logs) instead of deleting."
  type        = bool
  default     = false
}

variable "reader_members" {
  description = "IAM members given roles/artifactregistry.reader on the repository, e.g. \"serviceAccount:nodes@PROJECT.iam.gserviceaccount.com\"."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.reader_members : can(regex("^(user|serviceAccount|group|domain|principal|principalSet):", m))])
    error_message = "Every reader member must be an IAM member string such as \"serviceAccount:EMAIL\"."
  }
}
