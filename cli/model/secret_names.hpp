// How a secret is named where it is delivered: in a process environment, as a
// Terraform variable, and in a cloud secret manager (the entry and the
// identity that reads it). Names only, never values; plain functions of the
// model, so config/, render/, secrets/ and the targets share one set of rules.
#pragma once

#include <string>
#include <vector>

#include "model/environment.hpp"

namespace stackctl::model {

/// rates-db-password -> RATES_DB_PASSWORD.
std::string environment_variable_name(const std::string& secret);
/// rates-db-password -> rates_db_password (for `variable "rates_db_password"`).
std::string terraform_variable_name(const std::string& secret);

/// The cloud entry holding `secret`: "<stack>-<environment>-<secret>". A
/// copy uses its parent's entries (as it uses its parent's secrets file).
std::string cloud_entry_name(const Environment& env, const std::string& secret);

/// The cloud identity the environment's pods act as: "<stack>-<environment>"
/// (a GCP service account id, or an AWS IAM role name). A copy uses its parent's.
std::string cloud_identity_name(const Environment& env);

/// The ServiceAccount annotation binding pods to that identity:
/// iam.gke.io/gcp-service-account = NAME@PROJECT.iam.gserviceaccount.com, or
/// eks.amazonaws.com/role-arn = arn:aws:iam::ACCOUNT:role/NAME. Empty key for
/// the kubernetes store.
struct WorkloadIdentity {
  std::string annotation;
  std::string value;
};
WorkloadIdentity cloud_workload_identity(const Environment& env);

/// Every secret name the environment uses (service env references and
/// dependency password secrets), sorted, without duplicates.
std::vector<std::string> used_secret_names(const Environment& env);

}  // namespace stackctl::model
