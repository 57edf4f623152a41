#include "secrets/cloud_store.hpp"

#include <algorithm>

namespace stackctl::secrets {

std::string cloud_identity_name(const model::Environment& env) { return env.stack + "-" + env.name; }

std::string cloud_entry_name(const model::Environment& env, const std::string& secret) {
  return cloud_identity_name(env) + "-" + secret;
}

WorkloadIdentity cloud_workload_identity(const model::Environment& env) {
  switch (env.secret_store) {
    case model::SecretStore::kubernetes:
      return {};
    case model::SecretStore::gcp_secret_manager:
      return {"iam.gke.io/gcp-service-account",
              cloud_identity_name(env) + "@" + env.target.project + ".iam.gserviceaccount.com"};
    case model::SecretStore::aws_secrets_manager:
      return {"eks.amazonaws.com/role-arn", "arn:aws:iam::" + env.target.account + ":role/" + cloud_identity_name(env)};
  }
  return {};
}

std::vector<std::string> used_secret_names(const model::Environment& env) {
  std::vector<std::string> names;
  for (const auto& service : env.services)
    for (const auto& var : service.env)
      for (const auto& part : var.value.parts)
        if (part.ref && part.ref->kind == model::Reference::Kind::secret) names.push_back(part.ref->name);
  for (const auto& dep : env.dependencies)
    if (!dep.password_secret.empty()) names.push_back(dep.password_secret);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<UploadCommand> cloud_upload_commands(const model::Environment& env,
                                                 const std::map<std::string, std::string>& values) {
  std::vector<UploadCommand> out;
  if (env.secret_store == model::SecretStore::kubernetes) return out;
  const bool gcp = env.secret_store == model::SecretStore::gcp_secret_manager;
  for (const auto& [name, value] : values) {
    UploadCommand c;
    c.secret = name;
    c.entry = cloud_entry_name(env, name);
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
