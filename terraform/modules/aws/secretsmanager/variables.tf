variable "name" {
  description = "Prefix of every resource name: <stack>-<instance>. Secrets are named <name>/<entry>."
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

variable "secrets" {
  description = "Secret entry names. Only the secrets are created here: stackctl uploads their values itself (PutSecretValue), so no value ever reaches the state."
  type        = set(string)

  validation {
    condition     = alltrue([for s in var.secrets : can(regex("^[A-Za-z0-9/_+=.@-]{1,400}$", s))])
    error_message = "secret names may hold only letters, digits and / _ + = . @ -."
  }
}

variable "oidc_issuer" {
  description = "OIDC issuer URL of the EKS cluster (https://oidc.eks.REGION.amazonaws.com/id/...), whose IAM OIDC provider the workloads' role trusts."
  type        = string

  validation {
    condition     = startswith(var.oidc_issuer, "https://")
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the workloads' service accounts."
  type        = string
}

variable "kubernetes_service_accounts" {
  description = "Kubernetes service accounts (in namespace) allowed to assume the workloads' role."
  type        = list(string)

  validation {
    condition     = length(var.kubernetes_service_accounts) >= 1
    error_message = "kubernetes_service_accounts needs at least one service account."
  }
}

variable "recovery_window_days" {
  description = "Days a deleted secret can be restored (7 to 30); 0 deletes at once (so that the name can be reused right away)."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or from 7 to 30."
  }
}

variable "kms_key_id" {
  description = "KMS key (ID or ARN) encrypting the secrets; null uses the account's aws/secretsmanager key."
  type        = string
  default     = null
}
