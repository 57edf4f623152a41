// How the long verbs (up, rollback, down, plan) show progress on stderr:
// build output as one updating line on a terminal (prefixed plain lines
// otherwise), each component's outcome, notes, Terraform's lines and the
// infrastructure plan. Thread-safe: targets report from worker threads.
#pragma once

#include <mutex>
#include <string>

#include "targets/progress.hpp"

namespace stackctl::commands {

class ProgressView : public targets::Progress {
 public:
  /// `terminal`: stderr is a terminal (and the output is not JSON).
  explicit ProgressView(bool terminal) : terminal_(terminal) {}
  void note(const std::string& text) override;
  void build_started(const std::string& service, const std::string& tag, bool cached) override;
  void build_line(const std::string& service, const std::string& line) override;
  void build_done(const std::string& service, const std::string& id, double seconds) override;
  void component(const std::string& key, const std::string& action) override;
  void tool_line(const std::string& tool, const std::string& line) override;
  void infrastructure_plan(const targets::InfrastructurePlan& plan) override;
  /// Clears the updating line, if one is shown.
  void finish_line();

 private:
  void status_line(const std::string& text);
  bool terminal_;
  std::mutex mu_;
  bool line_open_ = false;
};

}  // namespace stackctl::commands
