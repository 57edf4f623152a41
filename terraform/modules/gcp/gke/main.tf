locals {
  workload_identity_pool = "${var.project}.svc.id.goog"
  oauth_scopes           = ["https://www.googleapis.com/auth/cloud-platform"]

  # Service account ids are 6-30 characters: long names are shortened and
  # made unique with a hash of the full name.
  node_account_id = length(var.name) <= 24 ? "${var.name}-nodes" : "${replace(substr(var.name, 0, 20), "/-+$/", "")}-n${substr(sha1(var.name), 0, 7)}"
}

# The nodes' identity, instead of the Compute Engine default service account
# (which often holds roles/editor). Pods do not use it: they get their own
# identity through Workload Identity (secret-manager module).
resource "google_service_account" "nodes" {
  project      = var.project
  account_id   = local.node_account_id
  display_name = "GKE nodes of ${var.name}"
}

resource "google_project_iam_member" "nodes_default" {
  project = var.project
  role    = "roles/container.defaultNodeServiceAccount"
  member  = google_service_account.nodes.member
}

resource "google_project_iam_member" "nodes_registry_reader" {
  count   = var.grant_registry_reader ? 1 : 0
  project = var.project
  role    = "roles/artifactregistry.reader"
  member  = google_service_account.nodes.member
}

# Application-layer secrets encryption: the GKE service agent of the
# project wraps the Secrets' data keys with the user's Cloud KMS key. The
# key itself is not managed here: key rings cannot be deleted, and a key
# destroyed with the cluster's Secrets still sealed by it loses them.
data "google_project" "this" {
  count      = var.secrets_encryption_key == "" ? 0 : 1
  project_id = var.project
}

resource "google_kms_crypto_key_iam_member" "gke_secrets" {
  count         = var.secrets_encryption_key == "" ? 0 : 1
  crypto_key_id = var.secrets_encryption_key
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-${data.google_project.this[0].number}@container-engine-robot.iam.gserviceaccount.com"
}

resource "google_container_cluster" "this" {
  project         = var.project
  name            = var.name
  location        = var.region
  network         = var.network_id
  subnetwork      = var.subnetwork_id
  networking_mode = "VPC_NATIVE"
  resource_labels = var.labels

  deletion_protection = var.deletion_protection

  # Autopilot, or Standard without the default node pool: the node pools
  # below are managed as separate resources.
  enable_autopilot         = var.autopilot ? true : null
  remove_default_node_pool = var.autopilot ? null : true
  initial_node_count       = var.autopilot ? null : 1

  release_channel {
    channel = var.release_channel
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  # Private nodes: no external IPs on the nodes (egress through Cloud NAT).
  # The control plane keeps its public endpoint for kubectl, authenticated
  # by IAM and limited by master_authorized_networks when set.
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
  }

  dynamic "master_authorized_networks_config" {
    for_each = length(var.master_authorized_networks) > 0 ? [1] : []
    content {
      dynamic "cidr_blocks" {
        for_each = var.master_authorized_networks
        content {
          cidr_block   = cidr_blocks.value.cidr_block
          display_name = cidr_blocks.value.display_name
        }
      }
    }
  }

  # Autopilot enables Workload Identity itself; Standard clusters need it set.
  dynamic "workload_identity_config" {
    for_each = var.autopilot ? [] : [1]
    content {
      workload_pool = local.workload_identity_pool
    }
  }

  # Autopilot: the nodes it creates run as the node service account.
  dynamic "cluster_autoscaling" {
    for_each = var.autopilot ? [1] : []
    content {
      auto_provisioning_defaults {
        service_account = google_service_account.nodes.email
        oauth_scopes    = local.oauth_scopes
      }
    }
  }

  # Standard: the default pool (created with the cluster, then removed) runs
  # as the node service account too.
  dynamic "node_config" {
    for_each = var.autopilot ? [] : [1]
    content {
      service_account = google_service_account.nodes.email
      oauth_scopes    = local.oauth_scopes

      workload_metadata_config {
        mode = "GKE_METADATA"
      }
    }
  }

  dynamic "vertical_pod_autoscaling" {
    for_each = var.autopilot ? [] : [1]
    content {
      enabled = true
    }
  }

  dynamic "database_encryption" {
    for_each = var.secrets_encryption_key == "" ? [] : [var.secrets_encryption_key]
    content {
      state    = "ENCRYPTED"
      key_name = database_encryption.value
    }
  }

  # Container stdout goes to Cloud Logging: the logging module's log-based
  # metrics read it.
  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]
  }

  lifecycle {
    # node_config only describes the removed default pool.
    ignore_changes = [node_config]

    precondition {
      condition     = var.autopilot || length(var.node_pools) > 0
      error_message = "A Standard cluster (autopilot = false) needs at least one entry in node_pools."
    }
  }

  depends_on = [google_project_iam_member.nodes_default, google_kms_crypto_key_iam_member.gke_secrets]
}

resource "google_container_node_pool" "this" {
  for_each = var.autopilot ? {} : var.node_pools

  project  = var.project
  location = var.region
  cluster  = google_container_cluster.this.name
  name     = each.key

  autoscaling {
    total_min_node_count = each.value.min_nodes
    total_max_node_count = each.value.max_nodes
    location_policy      = each.value.spot ? "ANY" : "BALANCED"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = each.value.machine_type
    spot            = each.value.spot
    service_account = google_service_account.nodes.email
    oauth_scopes    = local.oauth_scopes
    resource_labels = var.labels
    labels = {
      "stackctl-pool" = each.key
    }

    # Pods see the Workload Identity metadata server, not the node's.
    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }

  lifecycle {
    # The autoscaler changes the node count.
    ignore_changes = [initial_node_count, node_count]
  }
}
