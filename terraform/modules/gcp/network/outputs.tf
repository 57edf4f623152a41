output "network_id" {
  description = "Id of the VPC (projects/PROJECT/global/networks/NAME)."
  value       = google_compute_network.this.id
}

output "network_name" {
  description = "Name of the VPC."
  value       = google_compute_network.this.name
}

output "subnetwork_id" {
  description = "Id of the cluster subnet."
  value       = google_compute_subnetwork.this.id
}

output "pods_range_name" {
  description = "Name of the subnet's secondary range for pods."
  value       = google_compute_subnetwork.this.secondary_ip_range[0].range_name
}

output "services_range_name" {
  description = "Name of the subnet's secondary range for Services."
  value       = google_compute_subnetwork.this.secondary_ip_range[1].range_name
}

output "private_services_connection" {
  description = "Id of the private services (Service Networking) connection; Cloud SQL and Memorystore depend on it."
  value       = google_service_networking_connection.this.id
}
