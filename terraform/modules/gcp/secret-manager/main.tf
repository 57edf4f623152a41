# The workloads' Google identity. The pods' ServiceAccounts carry the
# annotation iam.gke.io/gcp-service-account: <name>@<project>.iam.gserviceaccount.com.
resource "google_service_account" "workload" {
  project      = var.project
  account_id   = var.name
  display_name = "Workloads of ${var.name}"
  description  = "Used by the pods of namespace ${var.namespace} through Workload Identity; reads the ${var.name}-* secrets."
}

# Workload Identity: each Kubernetes ServiceAccount may impersonate it.
resource "google_service_account_iam_member" "workload_identity" {
  for_each = toset(var.kubernetes_service_accounts)

  service_account_id = google_service_account.workload.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.workload_identity_pool}[${var.namespace}/${each.value}]"
}

# One secret per entry, without versions: stackctl uploads the values
# itself (gcloud secrets versions add, value on stdin), so they never reach
# the Terraform state.
resource "google_secret_manager_secret" "this" {
  for_each = var.secrets

  project             = var.project
  secret_id           = "${var.name}-${each.value}"
  labels              = var.labels
  deletion_protection = var.secret_deletion_protection

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = var.secrets

  project   = var.project
  secret_id = google_secret_manager_secret.this[each.value].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.workload.member
}
