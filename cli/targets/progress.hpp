// How a long operation reports as it goes (builds, pulls, containers,
// Terraform's lines). The command layer's view implements it; a target only
// calls it, so no target prints. Calls may come from worker threads; an
// implementation serialises them.
#pragma once

#include <string>

#include "targets/results.hpp"

namespace stackctl::targets {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A line for people ("pulling postgres:15", "Applying the plan...").
  virtual void note(const std::string& text) { (void)text; }
  /// A service's image build starts (`cached`: it already exists).
  virtual void build_started(const std::string& service, const std::string& tag, bool cached) {
    (void)service, (void)tag, (void)cached;
  }
  /// A line of a build's output.
  virtual void build_line(const std::string& service, const std::string& line) { (void)service, (void)line; }
  /// A build is done: the image ID and the time it took (0 when cached).
  virtual void build_done(const std::string& service, const std::string& id, double seconds) {
    (void)service, (void)id, (void)seconds;
  }
  /// A component is being worked on ("working") or is done (created,
  /// replaced, started, unchanged, removed, failed).
  virtual void component(const std::string& key, const std::string& action) { (void)key, (void)action; }
  /// A line of an external tool's progress (terraform apply).
  virtual void tool_line(const std::string& tool, const std::string& line) { (void)tool, (void)line; }
  /// The infrastructure plan about to be applied (or just reviewed).
  virtual void infrastructure_plan(const InfrastructurePlan& plan) { (void)plan; }
};

}  // namespace stackctl::targets
