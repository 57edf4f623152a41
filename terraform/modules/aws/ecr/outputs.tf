output "registry" {
  description = "Registry host images are pushed to: ACCOUNT.dkr.ecr.REGION.amazonaws.com."
  value       = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.current.name}.${data.aws_partition.current.dns_suffix}"
}

output "repository_urls" {
  description = "Map: repository name (as given) -> repository URL (registry/<name>/<repository>)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "repository_arns" {
  description = "Map: repository name (as given) -> repository ARN."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}
