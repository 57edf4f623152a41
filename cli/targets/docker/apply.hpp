// Makes a Docker Engine run a Plan, touching only what differs.
//
// Each container carries the hash of its resolved spec (label
// org.stackctl.spec). A container whose hash matches is left alone; one that
// differs is replaced: a service by starting the new container, waiting until
// it is ready and only then stopping the old one (its relay keeps the host
// port); a dependency or relay by stopping the old one first (a volume or a
// host port cannot be shared). A seed job runs once per spec and stays as the
// record that it ran. Containers run as soon as what they come `after` is
// ready, in parallel otherwise.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "clients/engine/engine.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::targets::docker {

struct ApplyOptions {
  std::filesystem::path root;                  // seed files are relative to it
  std::map<std::string, std::string> secrets;  // name -> value
  /// Called (from worker threads, serialised) when a container starts being
  /// worked on and when it is done: key, message.
  std::function<void(const std::string&, const std::string&)> on_event;
};

struct Change {
  std::string key;
  std::string action;  // created, replaced, started (also: secret files written again), unchanged, removed
  std::string container;
  double seconds = 0;
};

struct ApplyResult {
  std::vector<Change> changes;  // in the plan's order, then removals
  /// True when no container was created, started or removed.
  bool nothing_changed() const;
};

/// A deploy step failed; the message names the container and carries its
/// last log lines.
class DeployError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws DeployError (after every step that could run has run), or
/// engine::EngineError / ConnectionError.
ApplyResult apply_plan(const stackctl::engine::Engine& engine, const Plan& plan, const ApplyOptions& options);

/// The resolved spec's hash (16 hex digits); `seed_digest` is the seed file's.
std::string spec_hash(const stackctl::engine::ContainerSpec& resolved, const std::string& seed_digest = "");

/// The labels of everything an environment owns.
stackctl::engine::LabelFilter instance_filter(const std::string& stack, const std::string& instance);

}  // namespace stackctl::targets::docker
