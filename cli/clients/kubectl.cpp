// Kubectl: argv per verb (always --kubeconfig), the rendered-kinds table and
// the ApplySet apply.
#include "clients/kubectl.hpp"

#include <ctime>
#include <stdexcept>

namespace stackctl::clients {

using nlohmann::json;

namespace {
constexpr const char* kFieldManager = "--field-manager=stackctl";
}  // namespace

const std::vector<RenderedKind>& rendered_kinds() {
  // Kept in step with cli/render/kubernetes*.cpp (kubernetes_object calls and
  // kubernetes_namespace); tests/unit/cloud/kubectl_kinds_test.cpp checks it.
  static const std::vector<RenderedKind> kinds = {
      {"core/v1/Namespace", "namespaces", false, true, false},
      {"core/v1/ServiceAccount", "serviceaccounts", false, false, false},
      {"core/v1/ConfigMap", "configmaps", false, false, false},
      {"core/v1/Service", "services", false, false, false},
      {"core/v1/PersistentVolumeClaim", "persistentvolumeclaims", true, false, false},
      {"apps/v1/Deployment", "deployments.apps", false, false, false},
      {"apps/v1/StatefulSet", "statefulsets.apps", false, false, false},
      {"networking.k8s.io/v1/NetworkPolicy", "networkpolicies.networking.k8s.io", false, false, false},
      {"networking.k8s.io/v1/Ingress", "ingresses.networking.k8s.io", false, false, false},
      {"autoscaling/v2/HorizontalPodAutoscaler", "horizontalpodautoscalers.autoscaling", false, false, false},
      {"policy/v1/PodDisruptionBudget", "poddisruptionbudgets.policy", false, false, false},
      {"secrets-store.csi.x-k8s.io/v1/SecretProviderClass", "secretproviderclasses.secrets-store.csi.x-k8s.io", false,
       false, true},
  };
  return kinds;
}

std::string instance_selector(const std::string& instance) {
  return "app.kubernetes.io/managed-by=stackctl,stackctl.dev/environment=" + instance;
}

Kubectl::Kubectl(KubectlOptions options) : options_(std::move(options)) {
  if (options_.kubeconfig.empty())
    throw std::invalid_argument("kubectl: a kubeconfig path is required (never ~/.kube/config)");
}

std::vector<std::string> Kubectl::base_argv() const {
  std::vector<std::string> argv = {options_.binary, "--kubeconfig",
                                   std::filesystem::absolute(options_.kubeconfig).string()};
  if (options_.context) {
    argv.push_back("--context");
    argv.push_back(*options_.context);
  }
  return argv;
}

ProcessSpec Kubectl::base_spec() const {
  ProcessSpec spec;
  spec.argv = base_argv();
  spec.env = options_.env;
  spec.install_hint = options_.install_hint;
  return spec;
}

ProcessResult Kubectl::run(std::vector<std::string> args, const LineCallback& on_line,
                           std::optional<std::string> stdin_data, std::vector<std::string> mask,
                           const std::map<std::string, std::string>& extra_env) {
  ProcessSpec spec = base_spec();
  for (auto& a : args) spec.argv.push_back(std::move(a));
  for (const auto& [k, v] : extra_env) spec.env[k] = v;
  spec.stdin_data = std::move(stdin_data);
  spec.mask_values = std::move(mask);
  spec.on_stdout_line = on_line;
  return run_checked(spec);
}

std::string Kubectl::apply_server_side(const std::vector<std::filesystem::path>& paths, const std::string& ns,
                                       const std::string& applyset_name) {
  if (paths.empty()) throw std::invalid_argument("kubectl apply: no files");
  std::vector<std::string> args = {"apply",       "--server-side",
                                   kFieldManager, "--force-conflicts",
                                   "--prune",     "--applyset=configmaps/" + applyset_name,
                                   "--namespace", ns};
  for (const auto& p : paths) {
    args.push_back("-f");
    args.push_back(p.string());
  }
  args.push_back("--recursive");
  return run(std::move(args), options_.on_output_line, {}, {}, {{"KUBECTL_APPLYSET", "true"}}).out;
}

void Kubectl::apply_stdin(const json& manifest) {
  std::vector<std::string> mask;
  auto collect = [&](const json& object) {
    if (!object.is_object() || object.value("kind", "") != "Secret") return;
    for (const char* field : {"data", "stringData"})
      if (object.contains(field) && object[field].is_object())
        for (const auto& [key, value] : object[field].items())
          if (value.is_string()) mask.push_back(value.get<std::string>());
  };
  collect(manifest);
  if (manifest.contains("items") && manifest["items"].is_array())
    for (const auto& item : manifest["items"]) collect(item);
  run({"apply", "--server-side", kFieldManager, "--force-conflicts", "-f", "-"}, options_.on_output_line,
      manifest.dump(), std::move(mask));
}

void Kubectl::ensure_namespace(const std::string& ns, const std::map<std::string, std::string>& labels) {
  json object = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
  if (!labels.empty()) object["metadata"]["labels"] = labels;
  apply_stdin(object);
}

bool Kubectl::has_csi_driver(const std::string& name) {
  ProcessSpec spec = base_spec();
  spec.argv.insert(spec.argv.end(), {"get", "csidriver", name, "-o", "name"});
  const ProcessResult r = run_process(spec);
  if (r.ok()) return true;
  if (r.err.find("(NotFound)") != std::string::npos) return false;
  throw CommandError(spec.argv, r.exit_code, r.signal, r.err);
}

void Kubectl::rollout_status(const std::string& kind_name, const std::string& ns, std::chrono::seconds timeout) {
  run({"rollout", "status", kind_name, "--namespace", ns, "--timeout=" + std::to_string(timeout.count()) + "s"},
      options_.on_output_line);
}

FailureReport Kubectl::failure_report(const std::string& ns, const std::string& selector) {
  FailureReport report;
  json pods = json::parse(run({"get", "pods", "--namespace", ns, "-l", selector, "-o", "json"}).out);
  report.pods = unready_pods(pods);
  for (auto& pod : report.pods) {
    json events = json::parse(
        run({"get", "events", "--namespace", ns, "--field-selector", "involvedObject.name=" + pod.name, "-o", "json"})
            .out);
    pod.events = parse_events(events);
    ProcessSpec logs = base_spec();
    for (const char* a : {"logs", "--namespace"}) logs.argv.push_back(a);
    logs.argv.push_back(ns);
    logs.argv.push_back(pod.name);
    for (const char* a : {"--all-containers", "--prefix", "--tail=20"}) logs.argv.push_back(a);
    ProcessResult r = run_process(logs);
    pod.logs = r.ok() ? r.out : "(no logs: " + tail_lines(r.err, 3) + ")";
  }
  return report;
}

void Kubectl::delete_workloads(const std::string& ns, const std::string& selector) {
  std::string resources;
  for (const auto& k : rendered_kinds()) {
    if (k.data || k.cluster_scoped || k.custom) continue;
    if (!resources.empty()) resources += ",";
    resources += k.resource;
  }
  delete_labelled(resources, ns, selector);
}

void Kubectl::delete_labelled(const std::string& resources, const std::string& ns, const std::string& selector) {
  run({"delete", resources, "--namespace", ns, "-l", selector, "--ignore-not-found", "--wait=true"},
      options_.on_output_line);
}

std::string Kubectl::server_version() {
  const json v = json::parse(run({"get", "--raw", "/version"}).out, nullptr, /*allow_exceptions=*/false);
  return v.is_object() ? v.value("gitVersion", "") : "";
}

json Kubectl::get_labelled(const std::string& resources, const std::string& ns, const std::string& selector) {
  return json::parse(run({"get", resources, "--namespace", ns, "-l", selector, "-o", "json"}).out);
}

void Kubectl::logs(const std::string& ns, const std::string& selector, bool follow, std::optional<int64_t> since,
                   std::optional<int> tail, const LineCallback& on_line) {
  std::vector<std::string> args = {"logs",
                                   "--namespace",
                                   ns,
                                   "-l",
                                   selector,
                                   "--all-containers",
                                   "--prefix",
                                   "--timestamps",
                                   "--max-log-requests=50",
                                   "--tail=" + std::to_string(tail.value_or(-1))};
  if (since) {
    const std::time_t t = static_cast<std::time_t>(*since);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    args.push_back(std::string("--since-time=") + buf);
  }
  if (follow) args.push_back("--follow");
  run(std::move(args), on_line);
}

}  // namespace stackctl::clients
