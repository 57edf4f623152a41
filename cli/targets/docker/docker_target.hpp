// The Docker Engine target: this machine's engine (the default, `local`), or
// a remote one through target.host (tcp:// + TLS, ssh://). up builds what
// changed, applies the plan (targets/docker/apply.hpp) and records it as a
// release; rollback re-applies a release's own plan by image digest; status,
// logs and down find the environment's containers by label.
#pragma once

#include <memory>

#include "clients/engine/engine.hpp"
#include "targets/docker/images.hpp"
#include "targets/docker/plan.hpp"
#include "targets/target.hpp"

namespace stackctl::targets::docker {

/// The release file holding a Docker target's plan.
inline constexpr const char* plan_file = "docker/plan.json";

class DockerTarget : public Target {
 public:
  explicit DockerTarget(TargetContext context) : Target(std::move(context)) {}

  std::string kind() const override { return "docker"; }
  UpResult up(const UpOptions& options) override;
  DownResult down(const DownOptions& options) override;
  PlanResult plan(const PlanOptions& options) override;
  StatusReport status() override;
  size_t logs(const LogsOptions& options, const LogSink& sink) override;
  std::vector<releases::Release> history() override;
  UpResult rollback(const RollbackOptions& options) override;
  std::vector<Endpoint> ports() override;

 private:
  /// The engine of target.host (else DOCKER_HOST, else the local socket),
  /// pinged once: an unreachable daemon says where stackctl looked.
  const stackctl::engine::Engine& engine();
  /// Applies `plan`, records `release` (unless nothing changed and a release
  /// exists, or `always_record`), returns what changed and the endpoints.
  UpResult deploy(releases::ReleaseStore& store, const Plan& plan, releases::Release release, bool always_record);

  std::unique_ptr<stackctl::engine::Engine> engine_;
};

/// The engine of an environment's docker target, pinged.
stackctl::engine::Engine connect_engine(const model::Environment& env);

/// The build callbacks that report to `progress`.
BuildEvents build_events(Progress& progress);

/// The published endpoints of an environment's relays, by service and port.
std::vector<Endpoint> published_endpoints(const stackctl::engine::Engine& engine, const model::Environment& env);

}  // namespace stackctl::targets::docker
