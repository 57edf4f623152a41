variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>. Repositories are named <name>/<repository>."
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

variable "repositories" {
  description = "Repository names, one per built service image (e.g. [\"api\", \"worker\"])."
  type        = set(string)

  validation {
    condition     = alltrue([for r in var.repositories : can(regex("^[a-z0-9]+([._-][a-z0-9]+)*$", r))])
    error_message = "repository names must be lowercase letters and digits, separated by single . _ or -."
  }
}

variable "keep_recent" {
  description = "Images kept per repository; older ones are expired by the lifecycle policy."
  type        = number
  default     = 20

  validation {
    condition     = var.keep_recent >= 1
    error_message = "keep_recent must be 1 or more."
  }
}

variable "untagged_expire_days" {
  description = "Days after which untagged images (left by interrupted pushes) are expired."
  type        = number
  default     = 7
}

variable "force_delete" {
  description = "Delete repositories that still hold images on destroy (stackctl passes true only with --purge)."
  type        = bool
  default     = false
}
