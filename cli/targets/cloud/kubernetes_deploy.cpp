#include "targets/cloud/kubernetes_deploy.hpp"

#include <chrono>
#include <set>

#include "images/digest.hpp"
#include "clients/kubectl.hpp"
#include "clients/process.hpp"
#include "config/diagnostics.hpp"
#include "render/kubernetes.hpp"
#include "render/render_environment.hpp"
#include "secrets/cloud_store.hpp"
#include "render/secret_values.hpp"
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

/// Renders the manifests into the workspace (no Namespace: it is created
/// first, on its own, so the ApplySet parent has somewhere to live) and
/// returns the workloads to wait for.
std::vector<std::string> write_manifests(const KubernetesDeploy& in, const Values& values) {
  config::Diagnostics diags;
  const render::ModuleFiles no_modules;
  auto docs = render::render_environment({in.env, in.scope, in.templates, in.images, no_modules}, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  std::vector<storage::OutputFile> files;
  std::vector<std::string> workloads;
  for (auto& d : docs) {
    if (d.is_text() || d.path.rfind("terraform/", 0) == 0) continue;
    const std::string kind = d.body.value("kind", "");
    if (kind == "Namespace") continue;
    if (kind == "Deployment" || kind == "StatefulSet") {
      std::string lower = kind == "Deployment" ? "deployment" : "statefulset";
      workloads.push_back(lower + "/" + d.body["metadata"]["name"].get<std::string>());
      auto& pod_template = d.body["spec"]["template"];
      if (const auto digest = secrets_digest(pod_template["spec"], values); !digest.empty())
        pod_template["metadata"]["annotations"]["stackctl.dev/secrets-digest"] = digest;
    }
    files.push_back({d.path.substr(0, d.path.rfind('.')) + ".json", d.body.dump(2) + "\n"});
  }
  storage::replace_output_dir(in.workspace.kubernetes_dir, files);
  return workloads;
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

}  // namespace

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
  const auto workloads = write_manifests(in, values);
  stackctl::clients::KubectlOptions ko;
  ko.kubeconfig = in.workspace.kubeconfig;
  ko.on_output_line = [&](const std::string& line) { note(line); };
  stackctl::clients::Kubectl kubectl(ko);
  const std::string ns = in.env.namespace_name;
  kubectl.ensure_namespace(
      ns, {{"app.kubernetes.io/managed-by", "stackctl"}, {"stackctl.dev/environment", in.env.instance_name()}});
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
  note(kubectl.apply_server_side({in.workspace.kubernetes_dir}, ns, "stackctl-" + in.env.instance_name()));
  for (const auto& w : workloads) {
    try {
      kubectl.rollout_status(w, ns, std::chrono::seconds(600));
      note(w + " rolled out");
    } catch (const stackctl::clients::CommandError& e) {
      const auto report = kubectl.failure_report(ns, stackctl::clients::instance_selector(in.env.instance_name()));
      throw RolloutFailed(std::string(e.what()) + "\n" + report.format());
    }
  }
  return workloads;
}

}  // namespace stackctl::targets::cloud
