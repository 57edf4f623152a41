resource "google_artifact_registry_repository" "this" {
  project       = var.project
  location      = var.region
  repository_id = var.name
  description   = "Images of ${var.name}, pushed by stackctl"
  format        = "DOCKER"
  mode          = "STANDARD_REPOSITORY"
  labels        = var.labels

  cleanup_policy_dry_run = var.cleanup_dry_run

  # A KEEP policy wins over a DELETE policy: every version older than
  # min_age_days is deleted unless it is one of the keep_recent most recent
  # versions of its image.
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "${var.min_age_days * 86400}s"
    }
  }

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = var.keep_recent
    }
  }
}

resource "google_artifact_registry_repository_iam_member" "readers" {
  for_each = toset(var.reader_members)

  project    = var.project
  location   = var.region
  repository = google_artifact_registry_repository.this.name
  role       = "roles/artifactregistry.reader"
  member     = each.value
}
