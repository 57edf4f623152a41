output "host" {
  description = "Address clients connect to: the instance's private IP, or the cluster's discovery endpoint."
  value       = var.cluster ? google_redis_cluster.this[0].discovery_endpoints[0].address : google_redis_instance.this[0].host
}

output "port" {
  description = "Port of the instance or of the cluster's discovery endpoint (6379; 6378 for an instance with TLS)."
  value       = var.cluster ? google_redis_cluster.this[0].discovery_endpoints[0].port : google_redis_instance.this[0].port
}

output "auth_string" {
  description = "AUTH string of the instance (cluster = false, auth_enabled); null otherwise. Deliver it to the pods as a secret."
  value       = var.cluster ? null : google_redis_instance.this[0].auth_string
  sensitive   = true
}

output "ca_certificates" {
  description = "PEM CA certificates clients trust for TLS (transit_encryption): the instance's server CAs, or the cluster's managed CA."
  value       = var.cluster ? flatten([for ca in google_redis_cluster.this[0].managed_server_ca : [for c in ca.ca_certs : c.certificates]]) : [for c in google_redis_instance.this[0].server_ca_certs : c.cert]
}
