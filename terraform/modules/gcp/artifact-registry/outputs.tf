output "repository_id" {
  description = "Id of the repository (projects/PROJECT/locations/REGION/repositories/NAME)."
  value       = google_artifact_registry_repository.this.id
}

output "repository_url" {
  description = "Where images are pushed: REGION-docker.pkg.dev/PROJECT/NAME."
  value       = "${google_artifact_registry_repository.this.location}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.this.repository_id}"
}
