terraform {
  # Write-only arguments (password_wo) and ephemeral variables need
  # Terraform 1.11; google_sql_user has password_wo since provider 6.27.
  required_version = ">= 1.11"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.27"
    }
  }
}
