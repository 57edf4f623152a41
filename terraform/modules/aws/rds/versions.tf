# The master password goes through the write-only argument `password_wo`
# (never stored in the plan or the state): that needs Terraform 1.11 and
# the AWS provider 5.87 or newer, above the modules' common floor.
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.87"
    }
  }
}
