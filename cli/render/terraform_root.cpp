// The root module's frame (terraform settings, backend, the password
// variables) and the copy of the modules it calls; the clouds' own parts are
// in terraform_gcp.cpp and terraform_aws.cpp.
#include "render/terraform_root.hpp"

#include <set>

#include "model/secret_names.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

json backend(const model::Environment& env) {
  const model::State& s = env.state;
  switch (s.backend) {
    case model::StateBackend::gcs:
      return {{"gcs", {{"bucket", s.bucket}, {"prefix", s.prefix}}}};
    case model::StateBackend::s3:
      return {{"s3",
               {{"bucket", s.bucket},
                {"key", s.prefix + "/terraform.tfstate"},
                {"region", env.target.region},
                {"encrypt", true},
                {"use_lockfile", true}}}};
    case model::StateBackend::local:
      break;
  }
  // The path is given at `terraform init` (-backend-config), so the
  // rendered folder does not depend on where the state lives.
  return {{"local", json::object()}};
}

/// A password the cloud takes from us (Memorystore makes its own).
bool takes_password(const model::Environment& env, const model::Dependency& d) {
  if (d.placement != model::Placement::managed || d.password_secret.empty()) return false;
  return env.target.kind == model::TargetKind::aws || d.kind != model::DependencyKind::redis;
}

json password_variables(const model::Environment& env) {
  json vars = json::object();
  for (const auto& d : env.dependencies) {
    if (!takes_password(env, d)) continue;
    json var = {{"type", "string"},
                {"sensitive", true},
                {"description", "The password of " + d.name + " (secret " + d.password_secret +
                                    "); stackctl sets it through TF_VAR_ from the environment's secrets"}};
    // Cloud SQL users and RDS instances take passwords through write-only
    // arguments: an ephemeral variable keeps the value out of the plan file
    // and the state. (ElastiCache and Amazon MQ have no such argument.)
    if (d.kind == model::DependencyKind::postgres || d.kind == model::DependencyKind::mysql) var["ephemeral"] = true;
    vars[terraform_password_variable(d.password_secret)] = std::move(var);
  }
  return vars;
}

/// "./modules/gcp/network" -> "gcp/network/"
std::set<std::string> called_modules(const json& root) {
  std::set<std::string> out;
  if (!root.contains("module")) return out;
  for (const auto& [name, call] : root["module"].items()) {
    const std::string source = call.value("source", "");
    if (source.rfind("./modules/", 0) == 0) out.insert(source.substr(10) + "/");
  }
  return out;
}

}  // namespace

std::string terraform_name(const model::Environment& env) { return env.stack + "-" + env.instance_name(); }

std::string terraform_password_variable(const std::string& secret) { return terraform_identifier(secret); }

json terraform_root(const model::Environment& env, const TerraformOptions& options) {
  json root = json::object();
  root["terraform"] = {{"required_version", ">= 1.11"}, {"backend", backend(env)}};
  if (json vars = password_variables(env); !vars.empty()) root["variable"] = std::move(vars);
  root["locals"] = {{"labels", terraform_labels(env)}};
  if (env.target.kind == model::TargetKind::gcp) terraform_gcp(env, root, options);
  if (env.target.kind == model::TargetKind::aws) terraform_aws(env, root, options);
  return root;
}

std::vector<Document> render_terraform(const model::Environment& env, const ModuleFiles& modules,
                                       const TerraformOptions& options) {
  if (env.target.kind == model::TargetKind::docker || env.target.kind == model::TargetKind::kubernetes) return {};
  std::vector<Document> docs;
  json root = terraform_root(env, options);
  for (const std::string& prefix : called_modules(root))
    for (auto it = modules.lower_bound(prefix); it != modules.end() && it->first.rfind(prefix, 0) == 0; ++it)
      docs.push_back(Document{"terraform/modules/" + it->first, nullptr, it->second});
  docs.insert(docs.begin(), Document{"terraform/main.tf.json", std::move(root), {}});
  return docs;
}

}  // namespace stackctl::render
