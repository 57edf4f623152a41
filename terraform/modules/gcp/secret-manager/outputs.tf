output "service_account_email" {
  description = "Email of the workload service account (the ServiceAccount annotation iam.gke.io/gcp-service-account)."
  value       = google_service_account.workload.email
}

output "secret_ids" {
  description = "Secret entry name -> secret id (projects/PROJECT/secrets/NAME-ENTRY)."
  value       = { for k, s in google_secret_manager_secret.this : k => s.id }
}
