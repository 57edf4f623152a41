#include "model/secret_names.hpp"

#include <algorithm>
#include <cctype>

namespace stackctl::model {
namespace {

std::string with_underscores(const std::string& secret, bool upper) {
  std::string out;
  for (char c : secret) {
    char u = c == '-' || c == '.' ? '_' : c;
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(u))) : u;
  }
  return out;
}

}  // namespace

std::string environment_variable_name(const std::string& secret) { return with_underscores(secret, true); }

std::string terraform_variable_name(const std::string& secret) { return with_underscores(secret, false); }

std::string cloud_identity_name(const Environment& env) { return env.stack + "-" + env.name; }

std::string cloud_entry_name(const Environment& env, const std::string& secret) {
  return cloud_identity_name(env) + "-" + secret;
}

WorkloadIdentity cloud_workload_identity(const Environment& env) {
  switch (env.secret_store) {
    case SecretStore::kubernetes:
      return {};
    case SecretStore::gcp_secret_manager:
      return {"iam.gke.io/gcp-service-account",
              cloud_identity_name(env) + "@" + env.target.project + ".iam.gserviceaccount.com"};
    case SecretStore::aws_secrets_manager:
      return {"eks.amazonaws.com/role-arn", "arn:aws:iam::" + env.target.account + ":role/" + cloud_identity_name(env)};
  }
  return {};
}

std::vector<std::string> used_secret_names(const Environment& env) {
  std::vector<std::string> names;
  for (const auto& service : env.services)
    for (const auto& var : service.env)
      for (const auto& part : var.value.parts)
        if (part.ref && part.ref->kind == Reference::Kind::secret) names.push_back(part.ref->name);
  for (const auto& dep : env.dependencies)
    if (!dep.password_secret.empty()) names.push_back(dep.password_secret);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace stackctl::model
