#include "targets/cloud/kubernetes_deploy.hpp"

#include <chrono>
#include <set>

#include "clients/kubectl.hpp"
#include "clients/process.hpp"
#include "config/diagnostics.hpp"
#include "images/digest.hpp"
#include "render/kubernetes.hpp"
#include "render/render_environment.hpp"
#include "render/secret_values.hpp"
#include "secrets/cloud_store.hpp"
#include "secrets/delivery.hpp"
#include "storage/output_dir.hpp"

namespace stackctl::targets::cloud {
namespace {

using nlohmann::json;

using Values = std::map<std::string, std::string>;

/// A digest of the secret values a pod template reads through secretKeyRef
/// ("" when it reads none). As a pod template annotation it rolls the
/// workload when one of those values changes (a rotation), which a Secret
/// update alone does not do for environment variables.
std::string secrets_digest(const json& pod_spec, const Values& values) {
  std::set<std::string> keys;
  for (const char* list : {"initContainers", "containers"}) {
    if (!pod_spec.contains(list)) continue;
    for (const auto& c : pod_spec[list])
      for (const auto& var : c.value("env", json::array()))
        if (var.contains("valueFrom") && var["valueFrom"].contains("secretKeyRef"))
          keys.insert(var["valueFrom"]["secretKeyRef"].value("key", ""));
  }
  if (keys.empty()) return "";
  images::Hasher h;
  h.add("stackctl secrets digest v1");
  for (const auto& key : keys) {
    const auto it = values.find(key);
    h.add(key);
    h.add(it == values.end() ? std::string_view("\x01missing") : std::string_view(it->second));
  }
  return h.hex(16);
}

/// Uploads to the cloud's secret manager (create, else a new version): the
/// value goes through stdin, never argv.
void upload_secrets(const KubernetesDeploy& in, const Values& values,
                    const std::function<void(const std::string&)>& note) {
  for (const auto& cmd : secrets::cloud_upload_commands(in.env, values)) {
    stackctl::clients::ProcessSpec spec;
    spec.argv = cmd.create;
    spec.stdin_data = cmd.input;
    spec.mask_values = {cmd.input};
    auto r = stackctl::clients::run_process(spec);
    if (!r.ok()) {
      if (r.err.find("ALREADY_EXISTS") == std::string::npos &&
          r.err.find("ResourceExistsException") == std::string::npos)
        throw stackctl::clients::CommandError(spec.argv, r.exit_code, r.signal, r.err);
      spec.argv = cmd.update;
      stackctl::clients::run_checked(spec);
    }
    note("secret " + cmd.secret + " -> " + cmd.entry);
  }
}

/// "deployment/NAME" or "statefulset/NAME" for a workload, else "".
std::string workload_of(const json& object) {
  const std::string kind = object.value("kind", "");
  if (kind != "Deployment" && kind != "StatefulSet") return "";
  return (kind == "Deployment" ? "deployment/" : "statefulset/") + object["metadata"]["name"].get<std::string>();
}

}  // namespace

Manifests render_manifests(const model::Environment& env, const config::InterpolationScope& scope,
                           const std::vector<config::TemplateFile>& templates,
                           const std::map<std::string, std::string>& images, const Values& secret_values) {
  config::Diagnostics diags;
  const render::ModuleFiles no_modules;
  auto docs = render::render_environment({env, scope, templates, images, no_modules}, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  Manifests out;
  for (auto& d : docs) {
    // No Namespace: it is created first, on its own, so the ApplySet parent
    // has somewhere to live.
    if (d.is_text() || d.path.rfind("terraform/", 0) == 0 || d.body.value("kind", "") == "Namespace") continue;
    if (const std::string workload = workload_of(d.body); !workload.empty()) {
      out.workloads.push_back(workload);
      auto& pod_template = d.body["spec"]["template"];
      if (const auto digest = secrets_digest(pod_template["spec"], secret_values); !digest.empty())
        pod_template["metadata"]["annotations"]["stackctl.dev/secrets-digest"] = digest;
    }
    out.files.push_back({d.path.substr(0, d.path.rfind('.')) + ".json", d.body.dump(2) + "\n"});
  }
  return out;
}

Manifests manifests_from_files(std::vector<storage::OutputFile> files) {
  Manifests out;
  for (const auto& f : files) {
    const json object = json::parse(f.content, nullptr, /*allow_exceptions=*/false);
    if (!object.is_object()) throw std::runtime_error("manifest " + f.path + " is not a JSON object");
    if (const std::string workload = workload_of(object); !workload.empty()) out.workloads.push_back(workload);
  }
  out.files = std::move(files);
  return out;
}

std::map<std::string, std::string> namespace_labels(const model::Environment& env) {
  return {{"app.kubernetes.io/managed-by", "stackctl"}, {"stackctl.dev/environment", env.instance_name()}};
}

void apply_manifests(clients::Kubectl& kubectl, const model::Environment& env, const Manifests& manifests,
                     const std::filesystem::path& dir, const std::function<void(const std::string&)>& note) {
  storage::replace_output_dir(dir, manifests.files);
  const std::string ns = env.namespace_name;
  note(kubectl.apply_server_side({dir}, ns, "stackctl-" + env.instance_name()));
  for (const auto& w : manifests.workloads) {
    try {
      kubectl.rollout_status(w, ns, std::chrono::seconds(600));
      note(w + " rolled out");
    } catch (const clients::CommandError& e) {
      const auto report = kubectl.failure_report(ns, clients::instance_selector(env.instance_name()));
      throw RolloutFailed(std::string(e.what()) + "\n" + report.format());
    }
  }
}

json infrastructure_config_map(const model::Environment& env, const InfrastructureOutputs& outputs) {
  json cm = render::kubernetes_object("v1", "ConfigMap", env, "stackctl-infrastructure", "infrastructure");
  cm["data"] = json::object();
  for (const auto& [key, value] : outputs.infrastructure) cm["data"][key] = value;
  return cm;
}

std::vector<std::string> deploy_kubernetes(const KubernetesDeploy& in,
                                           const std::function<void(const std::string&)>& note) {
  // Values the cloud made (a Memorystore AUTH string) win over stored ones.
  auto values = in.secrets;
  for (const auto& [name, value] : in.outputs.generated_secrets) values[name] = value;
  const Manifests manifests = render_manifests(in.env, in.scope, in.templates, in.images, values);
  stackctl::clients::KubectlOptions ko;
  ko.kubeconfig = in.workspace.kubeconfig;
  ko.on_output_line = [&](const std::string& line) { note(line); };
  stackctl::clients::Kubectl kubectl(ko);
  kubectl.ensure_namespace(in.env.namespace_name, namespace_labels(in.env));
  const bool through_csi = render::kubernetes_secrets_through_csi(in.env);
  if (through_csi && !values.empty() && !kubectl.has_csi_driver(render::kSecretsStoreCsiDriver))
    throw std::runtime_error(std::string("the cluster has no Secrets Store CSI driver (CSIDriver ") +
                             render::kSecretsStoreCsiDriver +
                             "), which secrets.store aws-secrets-manager needs: install it and the AWS provider "
                             "with secret sync enabled (docs/targets/aws.md, \"Secrets\"), then run up again");
  if (in.env.secret_store != model::SecretStore::kubernetes) {
    // A copy has its parent's secrets file but never writes the parent's
    // entries: a branch's stale values must not reach the parent.
    if (in.env.copy)
      note("a copy never writes the secret entries of " + in.env.copy->parent + ": nothing uploaded");
    else
      upload_secrets(in, values, note);
  }
  // The CSI driver syncs the Secret on AWS; elsewhere it is applied from stdin.
  if (!through_csi && !values.empty()) kubectl.apply_stdin(render::kubernetes_secret(in.env, values).body);
  kubectl.apply_stdin(infrastructure_config_map(in.env, in.outputs));
  apply_manifests(kubectl, in.env, manifests, in.workspace.kubernetes_dir, note);
  return manifests.workloads;
}

}  // namespace stackctl::targets::cloud
