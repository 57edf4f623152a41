locals {
  pods_range_name     = "${var.name}-pods"
  services_range_name = "${var.name}-services"
}

# Custom-mode VPC: only the subnet below exists, no auto-created subnets in
# every region.
resource "google_compute_network" "this" {
  project                 = var.project
  name                    = var.name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

# One subnet for the cluster: the nodes on the primary range, pods and
# Services on named secondary ranges (VPC-native GKE). Private Google access
# lets private nodes reach Google APIs (Artifact Registry, Secret Manager,
# Cloud Logging) without external addresses.
resource "google_compute_subnetwork" "this" {
  project                  = var.project
  region                   = var.region
  name                     = var.name
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = local.pods_range_name
    ip_cidr_range = var.pods_cidr
  }

  secondary_ip_range {
    range_name    = local.services_range_name
    ip_cidr_range = var.services_cidr
  }
}

# Outbound internet access for private nodes and pods (pulling public images,
# calling external APIs) through Cloud NAT.
resource "google_compute_router" "this" {
  project = var.project
  region  = var.region
  name    = var.name
  network = google_compute_network.this.id
}

resource "google_compute_router_nat" "this" {
  project                            = var.project
  region                             = var.region
  name                               = var.name
  router                             = google_compute_router.this.name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.this.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = var.nat_log_errors
    filter = "ERRORS_ONLY"
  }
}

# Private services access: a range of this VPC reserved for Google-managed
# services, peered through Service Networking. Cloud SQL (private IP) and
# Memorystore for Redis (PRIVATE_SERVICE_ACCESS) get their addresses here.
resource "google_compute_global_address" "private_services" {
  project       = var.project
  name          = "${var.name}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = var.private_services_prefix_length
  network       = google_compute_network.this.id
  labels        = var.labels
}

resource "google_service_networking_connection" "this" {
  network                 = google_compute_network.this.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
  deletion_policy         = var.service_networking_deletion_policy
}
