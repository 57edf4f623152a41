// The one interface every kind of target implements (docker engine, gcp, aws,
// kubernetes): the operations the verbs need, with typed options and results.
// A verb builds its target with make_target(), calls one operation and hands
// the result to its view; it never asks which kind it has. An operation a
// kind cannot do throws Unsupported: "stackctl <verb>: not supported on a
// <kind> target". Targets never print: progress goes to a Progress, results
// are returned (docs/architecture.md, "Where a new target goes").
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/loader.hpp"
#include "releases/release_store.hpp"
#include "targets/progress.hpp"
#include "targets/results.hpp"

namespace stackctl::targets {

/// Secret name -> decrypted value.
using Secrets = std::map<std::string, std::string>;

/// What a target is built with: the project, the loaded environment and how
/// to reach what the verbs share (secrets, the release store, the user's
/// progress display). The callbacks are the command layer's: decrypting asks
/// for the user's key and masks every value in the output from then on.
struct TargetContext {
  std::filesystem::path root;                        // the project root (-C)
  const config::LoadedEnvironment* loaded = nullptr;  // outlives the target
  /// Every secret the environment uses, decrypted; called at most once per
  /// operation, and only by operations that need values.
  std::function<Secrets()> secrets;
  /// The release store (local, or a cache of the team remote).
  std::function<releases::ReleaseStore()> release_store;
  Progress* progress = nullptr;  // never null once make_target() returns
  /// gcp/aws: Terraform providers only from this filesystem mirror
  /// (--plugin-mirror, else $STACKCTL_TF_PLUGIN_MIRROR).
  std::string plugin_mirror;

  const model::Environment& env() const { return loaded->env; }
};

/// `stackctl <verb>: not supported on a <kind> target` (plus a hint when the
/// kind knows a better way).
class Unsupported : public std::runtime_error {
 public:
  Unsupported(const std::string& verb, const std::string& kind, const std::string& hint = "");
};

struct UpOptions {
  bool allow_destroy = false;  // gcp/aws: apply a plan that destroys or replaces protected resources
  bool infra_only = false;     // gcp/aws: stop once the infrastructure is applied
};

struct DownOptions {
  bool purge = false;  // the data too: volumes, databases, caches, buckets, the cluster
};

struct PlanOptions {
  bool destroy = false;  // what `down --purge` would do
};

struct RollbackOptions {
  int to = 0;  // the release to return to; 0: the one before the latest
};

struct LogsOptions {
  std::string service;            // "" = all; NAME-seed: a dependency's seed job
  bool follow = false;
  std::optional<int64_t> since;   // unix seconds
  std::optional<int> tail;        // last N lines of each source
};

/// A line of `logs`, as it arrives (follow) or merged by time.
struct LogLine {
  std::string component;  // service or dependency, "NAME-seed" for a seed job
  std::string timestamp;  // RFC 3339 with nanoseconds, as the source gave it
  std::string text;
};
using LogSink = std::function<void(const LogLine&)>;

class Target {
 public:
  explicit Target(TargetContext context) : ctx_(std::move(context)) {}
  virtual ~Target() = default;
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  /// "docker", "gcp", "aws", "kubernetes".
  virtual std::string kind() const = 0;

  /// Build what changed, provision, deploy, wait until ready, record a release.
  virtual UpResult up(const UpOptions& options);
  /// Remove what `up` made; the data stays unless options.purge.
  virtual DownResult down(const DownOptions& options);
  /// What `up` would change, changing nothing.
  virtual PlanResult plan(const PlanOptions& options);
  /// Desired, running and ready per component of the last release.
  virtual StatusReport status();
  /// Logs merged by time (or streamed with options.follow) into `sink`.
  /// Returns the number of sources read (0: nothing runs).
  virtual size_t logs(const LogsOptions& options, const LogSink& sink);
  /// The recorded releases, newest first.
  virtual std::vector<releases::Release> history();
  /// Redeploy an earlier release by image digest, without a rebuild.
  virtual UpResult rollback(const RollbackOptions& options);
  /// Every published endpoint of the environment.
  virtual std::vector<Endpoint> ports();

 protected:
  const TargetContext& context() const { return ctx_; }
  const model::Environment& env() const { return ctx_.env(); }
  Progress& progress() const { return *ctx_.progress; }
  [[noreturn]] void unsupported(const std::string& verb, const std::string& hint = "") const;

 private:
  TargetContext ctx_;
};

/// The target of the environment's `target.kind`. A null context.progress
/// gets a silent one.
std::unique_ptr<Target> make_target(TargetContext context);

}  // namespace stackctl::targets
