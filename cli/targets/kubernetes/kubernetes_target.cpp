#include "targets/kubernetes/kubernetes_target.hpp"

#include <cstdlib>

#include "config/template_files.hpp"
#include "images/image_tags.hpp"
#include "images/push.hpp"
#include "releases/rollback_release.hpp"
#include "releases/source_info.hpp"
#include "releases/store_location.hpp"
#include "render/secret_values.hpp"
#include "targets/cloud/kubernetes_deploy.hpp"
#include "targets/docker/docker_target.hpp"
#include "targets/docker/images.hpp"

namespace stackctl::targets::kubernetes {
namespace {

using nlohmann::json;
constexpr const char* kManifestPrefix = "kubernetes/";

std::string selector_of(const model::Environment& env) { return clients::instance_selector(env.instance_name()); }

std::filesystem::path manifests_dir(const std::filesystem::path& root, const std::string& instance) {
  return root / ".stackctl" / "kubernetes" / instance;
}

}  // namespace

std::filesystem::path kubeconfig_path(const std::filesystem::path& root, const model::Target& target) {
  const char* home = std::getenv("HOME");
  std::filesystem::path path;
  std::string from = "target.kubeconfig";
  if (!target.kubeconfig.empty()) {
    path = target.kubeconfig.rfind("~/", 0) == 0 ? std::filesystem::path(home ? home : "") / target.kubeconfig.substr(2)
                                                 : std::filesystem::path(target.kubeconfig);
    if (path.is_relative()) path = root / path;
  } else if (const char* k = std::getenv("KUBECONFIG"); k && *k) {
    from = "$KUBECONFIG";
    if (std::string(k).find(':') != std::string::npos)
      throw std::runtime_error("$KUBECONFIG lists several files (" + std::string(k) +
                               "); name the one to use with target.kubeconfig");
    path = k;
  } else {
    from = "the default kubeconfig";
    path = std::filesystem::path(home ? home : "") / ".kube" / "config";
  }
  if (!std::filesystem::exists(path))
    throw std::runtime_error("kubeconfig " + path.string() + " (" + from +
                             ") does not exist: start the cluster (e.g. `minikube start`) or set target.kubeconfig");
  return path;
}

clients::Kubectl& KubernetesTarget::kubectl() {
  if (kubectl_) return *kubectl_;
  clients::KubectlOptions ko;
  ko.kubeconfig = kubeconfig_path(context().root, env().target);
  if (!env().target.context.empty()) ko.context = env().target.context;
  ko.install_hint = "docs/targets/kubernetes.md";
  ko.on_output_line = [this](const std::string& line) { progress().note("  " + line); };
  clients::Kubectl k(ko);
  try {
    k.server_version();
  } catch (const clients::CommandError& e) {
    const std::string ctx = env().target.context.empty() ? "the current context" : "context " + env().target.context;
    throw std::runtime_error("cannot reach the cluster of " + ctx + " in " + ko.kubeconfig.string() + ": " +
                             clients::tail_lines(e.stderr_text(), 3));
  }
  kubectl_.emplace(std::move(k));
  return *kubectl_;
}

std::map<std::string, std::string> KubernetesTarget::ship_images() {
  bool any_built = false;
  for (const auto& s : env().services) any_built = any_built || s.build.has_value();
  if (!any_built) return {};
  // DOCKER_HOST's engine builds: with minikube's docker-env the node has the images.
  const auto engine = docker::connect_engine(model::Environment{});
  const auto built = docker::ensure_images(engine, context().root, env(), releases::source_commit(context().root),
                                           docker::build_events(progress()));
  auto references = images::image_references(context().root, env());
  const std::string& registry = env().target.registry;
  if (registry.empty()) return references;
  const auto slash = registry.find('/');
  for (const auto& s : env().services) {
    if (!s.build) continue;
    registry::RegistryTarget target;
    target.host = registry.substr(0, slash);
    target.repository = registry.substr(slash + 1) + "/" + s.name;
    target.tag = images::content_hash(context().root, *s.build);
    const auto r = images::push_image(engine, built.services.at(s.name), target);
    progress().note("  pushed " + r.reference);
    references[s.name] = r.reference;
  }
  return references;
}

UpResult KubernetesTarget::up(const UpOptions&) {
  const Secrets secrets = context().secrets();  // a missing secret fails before anything is built
  kubectl();
  releases::Release release;
  release.source_commit = releases::source_commit(context().root);
  release.images = ship_images();
  config::Diagnostics diags;
  const auto templates = config::load_template_files(context().root, env().name, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  auto manifests = cloud::render_manifests(env(), context().loaded->scope, templates, release.images, secrets);
  return deploy(manifests.files, std::move(release), /*always_record=*/false);
}

UpResult KubernetesTarget::deploy(const std::vector<storage::OutputFile>& files, releases::Release release,
                                  bool always_record) {
  auto store = context().release_store();
  const std::string instance = env().instance_name();
  releases::prepare_for_deploy(store, instance);
  const Secrets secrets = context().secrets();
  auto& k = kubectl();
  progress().note("Deploying to namespace " + env().namespace_name);
  k.ensure_namespace(env().namespace_name, cloud::namespace_labels(env()));
  if (!secrets.empty()) k.apply_stdin(render::kubernetes_secret(env(), secrets).body);
  const auto manifests = cloud::manifests_from_files(files);
  cloud::apply_manifests(k, env(), manifests, manifests_dir(context().root, instance),
                         [this](const std::string& line) { progress().note("  " + line); });
  UpResult result;
  result.environment = instance;
  result.workloads = manifests.workloads;
  result.images = release.images;
  for (const auto& w : manifests.workloads) result.changes.push_back({w, "rolled out", "", 0});
  result.changed = !manifests.workloads.empty();
  const auto history = store.history(instance);
  // Unchanged manifests and images: no new release.
  bool same = false;
  if (!history.empty() && !always_record) {
    if (const auto last = store.get(instance, history.front().number)) {
      std::map<std::string, std::string> now;
      for (const auto& f : files) now[kManifestPrefix + f.path] = f.content;
      same = last->files == now && last->images == release.images;
    }
  }
  result.release = history.empty() ? 0 : history.front().number;
  result.recorded = !same;
  if (result.recorded) {
    release.environment = instance;
    release.user = releases::current_user();
    for (const auto& f : files) release.files[kManifestPrefix + f.path] = f.content;
    try {
      result.release = store.record(release);
    } catch (const releases::ReleaseNotPushed& e) {
      result.release = e.number;
      progress().note(std::string("warning: ") + e.what());
    }
  }
  result.endpoints = ports();
  return result;
}

UpResult KubernetesTarget::rollback(const RollbackOptions& options) {
  const std::string instance = env().instance_name();
  auto store = context().release_store();
  const releases::Release release = releases::rollback_release(store, instance, options.to, env().name);
  const int to = release.number;
  std::vector<storage::OutputFile> files;
  for (const auto& [path, content] : release.files)
    if (path.rfind(kManifestPrefix, 0) == 0)
      files.push_back({path.substr(std::string(kManifestPrefix).size()), content});
  if (files.empty())
    throw std::runtime_error("release " + std::to_string(to) + " of " + instance + " holds no manifests");
  progress().note("rolling " + instance + " back to release " + std::to_string(to) + " (" + release.time + ")");
  releases::Release again;
  again.source_commit = release.source_commit;
  again.images = release.images;
  again.note = "rollback to release " + std::to_string(to);
  return deploy(files, std::move(again), /*always_record=*/true);
}

DownResult KubernetesTarget::down(const DownOptions& options) {
  auto& k = kubectl();
  const std::string ns = env().namespace_name;
  k.delete_workloads(ns, selector_of(env()));
  DownResult result;
  result.environment = env().instance_name();
  result.removed.push_back("the workloads in namespace " + ns);
  if (options.purge) {
    k.delete_labelled("persistentvolumeclaims,secrets", ns, selector_of(env()));
    result.removed.push_back("the volume claims (data) and the Secret");
  } else {
    result.kept.push_back("the volume claims (data) and the Secret in namespace " + ns +
                          " (down --purge removes them)");
  }
  return result;
}

PlanResult KubernetesTarget::plan(const PlanOptions&) {
  unsupported("plan", "`stackctl render " + env().name + "` shows the manifests `up` applies");
}

std::vector<releases::Release> KubernetesTarget::history() {
  return context().release_store().history(env().instance_name());
}

StatusReport KubernetesTarget::status() {
  StatusReport report;
  report.environment = env().instance_name();
  const auto history = context().release_store().history(report.environment);
  report.release = history.empty() ? 0 : history.front().number;
  report.components = component_status(kubectl().get_labelled("deployments.apps,statefulsets.apps,jobs.batch,pods",
                                                              env().namespace_name, selector_of(env())));
  return report;
}

size_t KubernetesTarget::logs(const LogsOptions& options, const LogSink& sink) {
  std::string selector = selector_of(env());
  if (!options.service.empty()) selector += ",app.kubernetes.io/name=" + options.service;
  size_t sources = 0;
  kubectl().logs(env().namespace_name, selector, options.follow, options.since, options.tail,
                 [&](const std::string& line) {
                   // "[pod/POD/CONTAINER] TIMESTAMP TEXT"
                   LogLine out;
                   std::string rest = line;
                   if (rest.rfind("[pod/", 0) == 0 && rest.find("] ") != std::string::npos) {
                     const std::string prefix = rest.substr(5, rest.find("] ") - 5);
                     out.component = prefix.substr(prefix.find('/') + 1);
                     rest = rest.substr(rest.find("] ") + 2);
                   }
                   const auto space = rest.find(' ');
                   out.timestamp = space == std::string::npos ? "" : rest.substr(0, space);
                   out.text = space == std::string::npos ? rest : rest.substr(space + 1);
                   ++sources;
                   sink(out);
                 });
  return sources;
}

std::vector<Endpoint> KubernetesTarget::ports() {
  return service_endpoints(kubectl().get_labelled("services", env().namespace_name, selector_of(env())));
}

}  // namespace stackctl::targets::kubernetes
