resource "google_storage_bucket" "this" {
  project       = var.project
  location      = var.region
  name          = var.name
  labels        = var.labels
  storage_class = "STANDARD"
  force_destroy = var.force_destroy

  # IAM only (no per-object ACLs) and never public.
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  # An overwritten or deleted backup stays recoverable as a noncurrent
  # version for noncurrent_retain_days.
  versioning {
    enabled = true
  }

  dynamic "lifecycle_rule" {
    for_each = var.nearline_after_days < var.retain_days ? [1] : []
    content {
      action {
        type          = "SetStorageClass"
        storage_class = "NEARLINE"
      }
      condition {
        age                   = var.nearline_after_days
        matches_storage_class = ["STANDARD"]
        with_state            = "LIVE"
      }
    }
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age        = var.retain_days
      with_state = "ANY"
    }
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      days_since_noncurrent_time = var.noncurrent_retain_days
      with_state                 = "ARCHIVED"
    }
  }
}
