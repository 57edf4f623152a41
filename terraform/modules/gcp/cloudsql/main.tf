locals {
  postgres = var.engine == "postgres"

  # "15" -> POSTGRES_15, "8.0" -> MYSQL_8_0
  database_version = "${local.postgres ? "POSTGRES" : "MYSQL"}_${replace(var.engine_version, ".", "_")}"

  # Referencing the connection id orders the instance after the private
  # services peering exists (a module variable cannot be in depends_on).
  private_network = var.private_services_connection == "" ? var.network_id : var.network_id
}

resource "google_sql_database_instance" "this" {
  project             = var.project
  region              = var.region
  name                = var.name
  database_version    = local.database_version
  deletion_protection = var.deletion_protection

  settings {
    tier                        = var.tier
    edition                     = var.edition
    availability_type           = var.high_availability ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = var.disk_size_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection
    retain_backups_on_delete    = var.retain_backups_on_delete
    user_labels                 = var.labels

    # Private IP only: no public address, reachable from the VPC (the GKE
    # pods) through the private services access peering.
    ip_configuration {
      ipv4_enabled    = false
      private_network = local.private_network
      ssl_mode        = var.ssl_mode
    }

    backup_configuration {
      enabled    = var.backup.enabled
      start_time = var.backup.start_time

      # Point-in-time recovery: WAL archiving on PostgreSQL, binary logs on
      # MySQL (which REGIONAL availability needs as well).
      point_in_time_recovery_enabled = local.postgres ? var.backup.point_in_time : null
      binary_log_enabled             = local.postgres ? null : (var.backup.point_in_time || var.high_availability)
      transaction_log_retention_days = var.backup.point_in_time ? min(7, var.backup.retain_days) : null

      backup_retention_settings {
        retained_backups = var.backup.retain_days
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = var.maintenance_window.day
      hour         = var.maintenance_window.hour
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }
  }

  lifecycle {
    # The disk grows on its own (disk_autoresize) and cannot shrink.
    ignore_changes = [settings[0].disk_size]

    precondition {
      condition     = local.postgres || !var.high_availability || var.backup.enabled
      error_message = "MySQL high availability needs backup.enabled."
    }
  }
}

resource "google_sql_database" "this" {
  project   = var.project
  instance  = google_sql_database_instance.this.name
  name      = var.database
  charset   = local.postgres ? "UTF8" : "utf8mb4"
  collation = local.postgres ? "en_US.UTF8" : "utf8mb4_0900_ai_ci"

  # Removing the database from the configuration never drops its data; the
  # data goes only with the instance.
  deletion_policy = "ABANDON"
}

resource "google_sql_user" "this" {
  project  = var.project
  instance = google_sql_database_instance.this.name
  name     = var.user

  # Write-only: sent to the API, never stored in the state or the plan.
  password_wo         = var.password
  password_wo_version = var.password_version

  # PostgreSQL refuses to drop a role that owns objects; the user goes with
  # the instance.
  deletion_policy = "ABANDON"
}
