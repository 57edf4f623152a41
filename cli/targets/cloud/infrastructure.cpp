#include "targets/cloud/infrastructure.hpp"

#include <cstdlib>

#include "config/terraform_module_files.hpp"
#include "render/terraform_root.hpp"
#include "secrets/delivery.hpp"
#include "storage/output_dir.hpp"

namespace stackctl::targets::cloud {
namespace {

using nlohmann::json;

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

void write_root_module(const model::Environment& env, const InfrastructureOptions& o, const Workspace& ws) {
  const auto modules = config::load_terraform_modules(o.project_root);
  std::vector<storage::OutputFile> files;
  for (const auto& doc : render::render_terraform(env, modules, render::TerraformOptions{o.purge})) {
    const std::string path = doc.path.substr(std::string("terraform/").size());
    files.push_back({path, doc.is_text() ? doc.text : doc.body.dump(2) + "\n"});
  }
  storage::replace_output_dir(ws.terraform_dir, files);
}

}  // namespace

std::optional<std::filesystem::path> plugin_mirror(const std::string& flag) {
  if (!flag.empty()) return std::filesystem::absolute(flag);
  if (const char* env = std::getenv("STACKCTL_TF_PLUGIN_MIRROR"); env != nullptr && *env != '\0')
    return std::filesystem::absolute(env);
  return std::nullopt;
}

Infrastructure::Infrastructure(const model::Environment& env, InfrastructureOptions options)
    : env_(env), options_(std::move(options)), workspace_(workspace_for(options_.project_root, env.instance_name())) {}

void Infrastructure::prepare() {
  write_root_module(env_, options_, workspace_);
  std::filesystem::create_directories(workspace_.data_dir);
  stackctl::clients::TerraformOptions t;
  t.plugin_mirror = options_.plugin_mirror;
  t.env["TF_DATA_DIR"] = workspace_.data_dir.string();
  t.secret_env = secrets::terraform_environment(options_.secrets);
  t.on_output_line = options_.on_progress;
  terraform_.emplace(workspace_.terraform_dir, std::move(t));
  std::map<std::string, std::string> backend;
  if (env_.state.backend == model::StateBackend::local) {
    std::filesystem::create_directories(workspace_.local_state.parent_path());
    backend["path"] = workspace_.local_state.string();
  }
  terraform_->init(backend);
}

ReviewedPlan Infrastructure::plan(bool destroy, const std::vector<std::string>& targets) {
  const auto result = terraform_->plan(workspace_.plan_file, destroy, targets);
  return ReviewedPlan{terraform_->show(workspace_.plan_file), result.has_changes, workspace_.plan_file};
}

void Infrastructure::refuse_protected(const ReviewedPlan& plan, const std::string& environment) {
  const auto protected_changes = plan.summary.protected_destroys();
  if (protected_changes.empty()) return;
  std::string list;
  for (const auto& c : protected_changes) list += "\n  - " + c.address + " (" + c.type + ")";
  throw ProtectedDestroy("the plan for " + environment + " would destroy or replace " +
                         std::to_string(protected_changes.size()) + " protected resource" +
                         (protected_changes.size() == 1 ? "" : "s") + " holding data:" + list +
                         "\nNothing was changed. Review the plan (stackctl plan " + environment +
                         ") and pass --allow-destroy if that is intended.");
}

void Infrastructure::apply(const ReviewedPlan& plan) { terraform_->apply(plan.file); }

InfrastructureOutputs Infrastructure::outputs() { return parse_outputs(terraform_->output()); }

InfrastructureOutputs parse_outputs(const json& output_json) {
  const json values = stackctl::clients::output_values(output_json);
  InfrastructureOutputs out;
  if (values.contains("infrastructure"))
    for (const auto& [key, value] : values["infrastructure"].items()) out.infrastructure[key] = text_of(value);
  if (values.contains("generated_secrets"))
    for (const auto& [key, value] : values["generated_secrets"].items()) out.generated_secrets[key] = text_of(value);
  out.registry = text_of(values.value("registry", json()));
  out.workload_identity = text_of(values.value("workload_identity", json()));
  if (values.contains("cluster")) {
    const json& c = values["cluster"];
    out.cluster_name = text_of(c.value("name", json()));
    out.cluster_location = text_of(c.value("location", json()));
    out.cluster_endpoint = text_of(c.value("endpoint", json()));
    out.cluster_ca = text_of(c.value("ca_certificate", json()));
  }
  return out;
}

}  // namespace stackctl::targets::cloud
