locals {
  instance  = var.cluster ? 0 : 1
  clustered = var.cluster ? 1 : 0

  # Referencing the connection id orders the instance after the private
  # services peering exists (a module variable cannot be in depends_on).
  authorized_network = var.private_services_connection == "" ? var.network_id : var.network_id

  psc_subnet_id = var.cluster ? coalesce(var.psc_subnet_id, try(google_compute_subnetwork.psc[0].id, null)) : null
}

# cluster = false: one Memorystore for Redis instance with an address from the
# private services access range, AUTH and TLS on.
resource "google_redis_instance" "this" {
  count = local.instance

  project                 = var.project
  region                  = var.region
  name                    = var.name
  display_name            = var.name
  labels                  = var.labels
  tier                    = var.tier
  memory_size_gb          = var.memory_size_gb
  redis_version           = var.redis_version
  connect_mode            = "PRIVATE_SERVICE_ACCESS"
  authorized_network      = local.authorized_network
  auth_enabled            = var.auth_enabled
  transit_encryption_mode = var.transit_encryption ? "SERVER_AUTHENTICATION" : "DISABLED"

  maintenance_policy {
    weekly_maintenance_window {
      day = "SUNDAY"
      start_time {
        hours   = 3
        minutes = 0
      }
    }
  }
}

# cluster = true: Memorystore for Redis Cluster. Clients reach it through
# Private Service Connect endpoints that the service connection policy lets
# Memorystore create in the PSC subnet.
resource "google_compute_subnetwork" "psc" {
  count = var.cluster && var.psc_subnet_id == null ? 1 : 0

  project       = var.project
  region        = var.region
  name          = "${var.name}-psc"
  network       = var.network_id
  ip_cidr_range = var.psc_subnet_cidr
}

resource "google_network_connectivity_service_connection_policy" "this" {
  count = var.cluster && var.create_connection_policy ? 1 : 0

  project       = var.project
  location      = var.region
  name          = "${var.name}-redis"
  service_class = "gcp-memorystore-redis"
  description   = "Private Service Connect for the Memorystore for Redis Cluster ${var.name}"
  network       = var.network_id
  labels        = var.labels

  psc_config {
    subnetworks = [local.psc_subnet_id]
  }
}

resource "google_redis_cluster" "this" {
  count = local.clustered

  project                     = var.project
  region                      = var.region
  name                        = var.name
  shard_count                 = var.shards
  replica_count               = var.replicas
  node_type                   = var.node_type
  authorization_mode          = var.cluster_iam_auth ? "AUTH_MODE_IAM_AUTH" : "AUTH_MODE_DISABLED"
  transit_encryption_mode     = var.transit_encryption ? "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION" : "TRANSIT_ENCRYPTION_MODE_DISABLED"
  deletion_protection_enabled = var.deletion_protection

  psc_configs {
    network = var.network_id
  }

  zone_distribution_config {
    mode = "MULTI_ZONE"
  }

  maintenance_policy {
    weekly_maintenance_window {
      day = "SUNDAY"
      start_time {
        hours   = 3
        minutes = 0
      }
    }
  }

  depends_on = [google_network_connectivity_service_connection_policy.this]
}
