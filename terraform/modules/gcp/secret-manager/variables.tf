variable "project" {
  description = "GCP project id of the service account and the secrets."
  type        = string
}

variable "name" {
  description = "<stack>-<instance>: the workload service account id (NAME@PROJECT.iam.gserviceaccount.com) and the prefix of every secret id (NAME-ENTRY), as stackctl's SecretProviderClass and uploads expect."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{4,28}[a-z0-9])$", var.name))
    error_message = "name is the service account id: 6-30 characters of [a-z0-9-], starting with a letter and ending with a letter or digit."
  }
}

variable "labels" {
  description = "Labels applied to every secret."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Names of the secret entries (values are uploaded by stackctl as secret versions, never through Terraform)."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.secrets : can(regex("^[A-Za-z0-9_-]{1,200}$", s))])
    error_message = "Secret entry names must be 1-200 characters of [A-Za-z0-9_-]."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the workloads."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace name (DNS label)."
  }
}

variable "kubernetes_service_accounts" {
  description = "Kubernetes ServiceAccounts (in namespace) allowed to act as the service account through Workload Identity."
  type        = list(string)
  default     = []
}

variable "workload_identity_pool" {
  description = "Workload Identity pool of the cluster: PROJECT.svc.id.goog (gke module output)."
  type        = string
}

variable "secret_deletion_protection" {
  description = "Terraform refuses to destroy the secrets (and so their uploaded values) while true."
  type        = bool
  default     = false
}
