output "role_arn" {
  description = "ARN of the workloads' IAM role (the eks.amazonaws.com/role-arn annotation of the service accounts)."
  value       = aws_iam_role.workloads.arn
}

output "secret_arns" {
  description = "Map: entry name -> secret ARN."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Map: entry name -> secret name (<name>/<entry>), what stackctl uploads the values to."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}
