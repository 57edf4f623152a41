// Cloud secret stores (`secrets: {store: gcp-secret-manager | aws-secrets-manager}`):
// how an environment's secrets are named in the cloud's secret manager, which
// identity reads them, and the commands that upload the values. Only names
// here; the one function that sees values returns them as stdin data, never
// in an argv. Depends on the model only, so config/ and render/ can use it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/environment.hpp"

namespace stackctl::secrets {

/// The cloud entry holding `secret`: "<stack>-<environment>-<secret>". A
/// copy uses its parent's entries (as it uses its parent's secrets file).
std::string cloud_entry_name(const model::Environment& env, const std::string& secret);

/// The cloud identity the environment's pods act as: "<stack>-<environment>"
/// (a GCP service account id, or an AWS IAM role name). A copy uses its parent's.
std::string cloud_identity_name(const model::Environment& env);

/// The ServiceAccount annotation binding pods to that identity:
/// iam.gke.io/gcp-service-account = NAME@PROJECT.iam.gserviceaccount.com, or
/// eks.amazonaws.com/role-arn = arn:aws:iam::ACCOUNT:role/NAME. Empty key for
/// the kubernetes store.
struct WorkloadIdentity {
  std::string annotation;
  std::string value;
};
WorkloadIdentity cloud_workload_identity(const model::Environment& env);

/// Every secret name the environment uses (service env references and
/// dependency password secrets), sorted, without duplicates.
std::vector<std::string> used_secret_names(const model::Environment& env);

/// One secret's upload. Run `create`; when the entry already exists (gcloud:
/// ALREADY_EXISTS, aws: ResourceExistsException) run `update` instead. Both
/// read the value from stdin: `input` is written to the child's stdin and is
/// never part of an argv.
struct UploadCommand {
  std::string secret;               // the secret's name
  std::string entry;                // cloud_entry_name()
  std::vector<std::string> create;  // creates the entry with the value as its first version
  std::vector<std::string> update;  // adds the value as the entry's new version
  std::string input;                // the value, for stdin
};

/// The uploads for `values` (secret name -> value), in name order. Empty for
/// the kubernetes store.
std::vector<UploadCommand> cloud_upload_commands(const model::Environment& env,
                                                 const std::map<std::string, std::string>& values);

}  // namespace stackctl::secrets
