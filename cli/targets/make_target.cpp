// make_target: the one place that knows which class serves which kind.
#include <memory>
#include <mutex>
#include <optional>

#include "releases/store_location.hpp"
#include "targets/cloud/aws_target.hpp"
#include "targets/cloud/gcp_target.hpp"
#include "targets/docker/docker_target.hpp"
#include "targets/kubernetes/kubernetes_target.hpp"
#include "targets/target.hpp"

namespace stackctl::targets {
namespace {

Progress silent;

/// Decrypts once, however many steps ask.
std::function<Secrets()> once(std::function<Secrets()> decrypt) {
  auto cache = std::make_shared<std::optional<Secrets>>();
  auto mu = std::make_shared<std::mutex>();
  return [decrypt = std::move(decrypt), cache, mu]() {
    std::lock_guard g(*mu);
    if (!*cache) *cache = decrypt ? decrypt() : Secrets{};
    return **cache;
  };
}

}  // namespace

std::unique_ptr<Target> make_target(TargetContext context) {
  if (context.progress == nullptr) context.progress = &silent;
  context.secrets = once(std::move(context.secrets));
  if (!context.release_store)
    context.release_store = [root = context.root] { return releases::open_project_store(root); };
  switch (context.env().target.kind) {
    case model::TargetKind::docker:
      return std::make_unique<docker::DockerTarget>(std::move(context));
    case model::TargetKind::gcp:
      return std::make_unique<cloud::GcpTarget>(std::move(context));
    case model::TargetKind::aws:
      return std::make_unique<cloud::AwsTarget>(std::move(context));
    case model::TargetKind::kubernetes:
      return std::make_unique<kubernetes::KubernetesTarget>(std::move(context));
  }
  throw std::logic_error("make_target: unknown target kind");
}

}  // namespace stackctl::targets
