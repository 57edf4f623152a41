// How decrypted secrets reach what runs: never through files on disk in
// clear, never through argv.
//   - processes (`stackctl secrets exec`, containers): environment variables
//     named after the secret (rates-db-password -> RATES_DB_PASSWORD);
//   - Terraform: TF_VAR_ environment variables (rates-db-password ->
//     TF_VAR_rates_db_password, for `variable "rates_db_password"`);
//   - Kubernetes: the Secret `stackctl-secrets` that the rendered
//     secretKeyRefs name, created at apply time (or by `render --reveal`):
//     render/secret_values.hpp.
// The names follow model/secret_names.hpp.
#pragma once

#include <map>
#include <string>

#include "model/environment.hpp"

namespace stackctl::secrets {

using Values = std::map<std::string, std::string>;  // secret name -> value

/// NAME=value entries for a child process' environment.
Values process_environment(const Values& values);
/// TF_VAR_name=value entries for terraform's environment.
Values terraform_environment(const Values& values);

}  // namespace stackctl::secrets
