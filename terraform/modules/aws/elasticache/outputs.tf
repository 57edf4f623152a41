output "host" {
  description = "Endpoint clients connect to: the configuration endpoint in cluster mode, the primary endpoint otherwise."
  value       = var.cluster_mode ? aws_elasticache_replication_group.this.configuration_endpoint_address : aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Port of the cache."
  value       = aws_elasticache_replication_group.this.port
}

output "tls" {
  description = "Whether clients must use TLS (and the AUTH token)."
  value       = local.tls
}

output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.id
}

output "cache_cluster_ids" {
  description = "IDs of the member cache clusters (one per node), known at plan time: the cloudwatch module's cache_cluster_ids."
  value       = local.member_cluster_ids
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}
