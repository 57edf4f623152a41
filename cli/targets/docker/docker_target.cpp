#include "targets/docker/docker_target.hpp"

#include <stdexcept>

#include "releases/rollback_release.hpp"
#include "releases/source_info.hpp"
#include "releases/store_location.hpp"
#include "targets/docker/apply.hpp"
#include "targets/docker/endpoint_target.hpp"
#include "targets/docker/images.hpp"
#include "targets/docker/teardown.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;

sd::Engine connect_engine(const model::Environment& env) {
  sd::Engine engine(endpoint_for_target(env.target));
  try {
    engine.ping();
  } catch (const std::exception& e) {
    std::string where = env.target.host.empty() ? "this machine's Docker Engine (DOCKER_HOST or the unix socket)"
                                                : "target.host " + env.target.host;
    throw std::runtime_error("cannot reach " + where + " at " + engine.endpoint().url() + ": " + e.what());
  }
  return engine;
}

BuildEvents build_events(Progress& progress) {
  BuildEvents e;
  e.on_start = [&progress](const std::string& service, const std::string& tag, bool cached) {
    progress.build_started(service, tag, cached);
  };
  e.on_line = [&progress](const std::string& service, const std::string& line) { progress.build_line(service, line); };
  e.on_done = [&progress](const std::string& service, const std::string& id, double seconds) {
    progress.build_done(service, id, seconds);
  };
  return e;
}

const sd::Engine& DockerTarget::engine() {
  if (!engine_) engine_ = std::make_unique<sd::Engine>(connect_engine(env()));
  return *engine_;
}

UpResult DockerTarget::up(const UpOptions&) {
  const Secrets secrets = context().secrets();  // a missing secret fails before anything is built
  const sd::Engine& e = engine();
  auto store = context().release_store();
  releases::prepare_for_deploy(store, env().instance_name());
  const std::string commit = releases::source_commit(context().root);
  const Images images = ensure_images(e, context().root, env(), commit, build_events(progress()));
  const Plan plan = make_plan(env(), images);
  ensure_pulled(e, plan, [&](const std::string& image) { progress().note("pulling " + image); });
  releases::Release release;
  release.source_commit = commit;
  release.images = images.services;
  return deploy(store, plan, std::move(release), /*always_record=*/false);
}

UpResult DockerTarget::rollback(const RollbackOptions& options) {
  const std::string instance = env().instance_name();
  auto store = context().release_store();
  releases::prepare_for_deploy(store, instance);
  const releases::Release release = releases::rollback_release(store, instance, options.to, env().name);
  const int to = release.number;
  auto file = release.files.find(plan_file);
  if (file == release.files.end())
    throw std::runtime_error("release " + std::to_string(to) + " of " + instance + " holds no " + plan_file);

  const Secrets secrets = context().secrets();
  const sd::Engine& e = engine();
  const Plan plan = plan_from_json(nlohmann::json::parse(file->second));
  // By digest: an image that is gone (pruned) cannot be rolled back to.
  for (const auto& [service, image] : release.images)
    if (!e.image_exists(image))
      throw std::runtime_error("image " + image + " of " + service + " (release " + std::to_string(to) +
                               ") is no longer on the Docker Engine; it cannot be redeployed without a rebuild");
  ensure_pulled(e, plan, [&](const std::string& image) { progress().note("pulling " + image); });
  for (const auto& name : referenced_secrets(plan))
    if (!secrets.count(name))
      throw std::runtime_error("release " + std::to_string(to) + " uses secret \"" + name +
                               "\", which the environment no longer has; add it back with `stackctl secrets set`");
  progress().note("rolling " + instance + " back to release " + std::to_string(to) + " (" + release.time + ")");
  releases::Release again;
  again.source_commit = release.source_commit;
  again.images = release.images;
  again.note = "rollback to release " + std::to_string(to);
  return deploy(store, plan, std::move(again), /*always_record=*/true);
}

UpResult DockerTarget::deploy(releases::ReleaseStore& store, const Plan& plan, releases::Release release,
                              bool always_record) {
  ApplyOptions options;
  options.root = context().root;
  options.secrets = context().secrets();
  options.on_event = [this](const std::string& key, const std::string& action) { progress().component(key, action); };
  const ApplyResult applied = apply_plan(engine(), plan, options);

  UpResult result;
  result.environment = env().instance_name();
  const auto history = store.history(result.environment);
  result.release = history.empty() ? 0 : history.front().number;
  result.changed = !applied.nothing_changed();
  result.recorded = always_record || result.changed || history.empty();
  if (result.recorded) {
    release.environment = result.environment;
    release.user = releases::current_user();
    release.files[plan_file] = to_json(plan).dump(2) + "\n";
    try {
      result.release = store.record(release);
    } catch (const releases::ReleaseNotPushed& e) {
      // Deployed and recorded here; only the team remote missed it.
      result.release = e.number;
      progress().note(std::string("warning: ") + e.what());
    }
  }
  for (const auto& c : applied.changes) result.changes.push_back({c.key, c.action, c.container, c.seconds});
  result.endpoints = published_endpoints(engine(), env());
  return result;
}

DownResult DockerTarget::down(const DownOptions& options) {
  const auto r = teardown(engine(), env().stack, env().instance_name(), options.purge);
  DownResult result;
  result.environment = env().instance_name();
  const auto count = [](size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (!r.containers.empty() || !r.networks.empty() || !r.volumes.empty()) {
    result.removed.push_back(count(r.containers.size(), "container", "containers"));
    result.removed.push_back(count(r.networks.size(), "network", "networks"));
    if (options.purge) result.removed.push_back(count(r.volumes.size(), "volume", "volumes"));
  }
  if (!r.kept_volumes.empty()) {
    std::string names;
    for (const auto& v : r.kept_volumes) names += (names.empty() ? "" : ", ") + v;
    result.kept.push_back("the volumes " + names);
  }
  return result;
}

PlanResult DockerTarget::plan(const PlanOptions&) {
  unsupported("plan", "`stackctl up " + env().name + "` reports what it changes");
}

std::vector<releases::Release> DockerTarget::history() {
  return context().release_store().history(env().instance_name());
}

std::vector<Endpoint> DockerTarget::ports() { return published_endpoints(engine(), env()); }

}  // namespace stackctl::targets::docker
