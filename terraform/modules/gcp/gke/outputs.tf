output "cluster_name" {
  description = "Name of the cluster."
  value       = google_container_cluster.this.name
}

output "location" {
  description = "Location (region) of the cluster, for gcloud container clusters get-credentials --location."
  value       = google_container_cluster.this.location
}

output "endpoint" {
  description = "Public IP of the control plane endpoint."
  value       = google_container_cluster.this.endpoint
}

output "ca_certificate" {
  description = "Cluster CA certificate, base64-encoded PEM."
  value       = google_container_cluster.this.master_auth[0].cluster_ca_certificate
}

output "workload_identity_pool" {
  description = "Workload Identity pool of the cluster: PROJECT.svc.id.goog."
  value       = local.workload_identity_pool

  # Available once the cluster (and so the pool) exists.
  depends_on = [google_container_cluster.this]
}

output "node_service_account_email" {
  description = "Email of the service account the nodes run as."
  value       = google_service_account.nodes.email
}
