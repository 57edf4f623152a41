#include "commands/progress_view.hpp"

#include <cstdio>

#include "app/terminal.hpp"
#include "commands/plan_view.hpp"

namespace stackctl::commands {

void ProgressView::status_line(const std::string& text) {
  std::string shown = text.size() > 100 ? text.substr(0, 97) + "..." : text;
  std::fprintf(stderr, "\r\033[K%s", shown.c_str());
  std::fflush(stderr);
  line_open_ = true;
}

void ProgressView::finish_line() {
  std::lock_guard g(mu_);
  if (line_open_) std::fprintf(stderr, "\r\033[K");
  line_open_ = false;
}

void ProgressView::note(const std::string& text) {
  std::lock_guard g(mu_);
  if (line_open_) std::fprintf(stderr, "\r\033[K");
  line_open_ = false;
  std::fprintf(stderr, "%s\n", text.c_str());
}

void ProgressView::build_started(const std::string& service, const std::string& tag, bool cached) {
  if (!cached) note("building " + service + " (" + tag + ")");
}

void ProgressView::build_line(const std::string& service, const std::string& line) {
  std::lock_guard g(mu_);
  if (terminal_)
    status_line("  " + service + ": " + line);
  else
    std::fprintf(stderr, "%s | %s\n", service.c_str(), line.c_str());
}

void ProgressView::build_done(const std::string& service, const std::string& id, double seconds) {
  if (seconds <= 0) return;
  char t[32];
  std::snprintf(t, sizeof t, "%.1fs", seconds);
  note("built " + service + " " + id.substr(0, 19) + " in " + t);
}

void ProgressView::component(const std::string& key, const std::string& action) {
  const auto& term = app::Terminal::get();
  if (action == "working") {
    std::lock_guard g(mu_);
    if (terminal_) status_line("  " + key + "...");
    return;
  }
  if (action == "unchanged") return;  // the summary counts them
  std::string shown = action == "failed" ? term.red(action, true) : term.green(action, true);
  note("  " + key + " " + shown);
}

void ProgressView::tool_line(const std::string& tool, const std::string& line) { note("  " + tool + " | " + line); }

void ProgressView::infrastructure_plan(const targets::InfrastructurePlan& plan) {
  std::lock_guard g(mu_);
  print_infrastructure_plan(plan);
}

}  // namespace stackctl::commands
