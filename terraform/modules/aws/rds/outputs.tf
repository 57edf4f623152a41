output "host" {
  description = "DNS name of the instance (private)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the engine."
  value       = aws_db_instance.this.port
}

output "database" {
  description = "Name of the database."
  value       = aws_db_instance.this.db_name
}

output "user" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "instance_id" {
  description = "DB instance identifier (known at plan time: the cloudwatch module's db_instance_ids)."
  value       = aws_db_instance.this.identifier
}

output "security_group_id" {
  description = "Security group of the instance."
  value       = aws_security_group.this.id
}
