#include "secrets/cloud_store.hpp"

#include "model/secret_names.hpp"

namespace stackctl::secrets {

std::vector<UploadCommand> cloud_upload_commands(const model::Environment& env,
                                                 const std::map<std::string, std::string>& values) {
  std::vector<UploadCommand> out;
  if (env.secret_store == model::SecretStore::kubernetes) return out;
  const bool gcp = env.secret_store == model::SecretStore::gcp_secret_manager;
  for (const auto& [name, value] : values) {
    UploadCommand c;
    c.secret = name;
    c.entry = model::cloud_entry_name(env, name);
    c.input = value;
    // One flag and its value per line.
    // clang-format off
    if (gcp) {
      c.create = {"gcloud", "secrets", "create", c.entry,
                  "--project", env.target.project,
                  "--replication-policy", "automatic",
                  "--data-file=-"};
      c.update = {"gcloud", "secrets", "versions", "add", c.entry,
                  "--project", env.target.project,
                  "--data-file=-"};
    } else {
      c.create = {"aws", "secretsmanager", "create-secret",
                  "--name", c.entry,
                  "--secret-string", "file:///dev/stdin",
                  "--region", env.target.region};
      c.update = {"aws", "secretsmanager", "put-secret-value",
                  "--secret-id", c.entry,
                  "--secret-string", "file:///dev/stdin",
                  "--region", env.target.region};
    }
    // clang-format on
    if (!gcp && !env.target.endpoint.empty())  // an emulator (target.endpoint), never the real AWS
      for (auto* argv : {&c.create, &c.update}) argv->insert(argv->end(), {"--endpoint-url", env.target.endpoint});
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace stackctl::secrets
