// Cloud secret stores (`secrets: {store: gcp-secret-manager | aws-secrets-manager}`):
// the commands that upload the values (the names are model/secret_names).
// The values go out as stdin data, never in an argv.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/environment.hpp"

namespace stackctl::secrets {

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
