output "instance_name" {
  description = "Name of the Cloud SQL instance."
  value       = google_sql_database_instance.this.name
}

output "connection_name" {
  description = "Connection name PROJECT:REGION:INSTANCE (for the Cloud SQL Auth Proxy)."
  value       = google_sql_database_instance.this.connection_name
}

output "host" {
  description = "Private IP address of the instance."
  value       = google_sql_database_instance.this.private_ip_address
}

output "port" {
  description = "Port of the engine: 5432 (postgres) or 3306 (mysql)."
  value       = local.postgres ? 5432 : 3306
}

output "database" {
  description = "Name of the database."
  value       = google_sql_database.this.name
}

output "user" {
  description = "Name of the user."
  value       = google_sql_user.this.name
}
