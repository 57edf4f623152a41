// How the deploy verbs (up, rollback) report: build progress (one updating
// line on a terminal, prefixed plain lines otherwise), each container's
// outcome, the summary and the endpoint table.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/engine/engine.hpp"
#include "model/environment.hpp"
#include "targets/docker/apply.hpp"
#include "targets/docker/images.hpp"

namespace stackctl::commands {

class DeployView {
 public:
  explicit DeployView(bool terminal) : terminal_(terminal) {}
  targets::docker::BuildEvents build_events();
  void on_container(const std::string& key, const std::string& action);
  void note(const std::string& text);
  void finish_line();

 private:
  void status_line(const std::string& text);
  bool terminal_;
  std::mutex mu_;
  bool line_open_ = false;
};

struct Endpoint {
  std::string service, port_name, url;
};

/// The published endpoints of an environment's relays, by service.
std::vector<Endpoint> published_endpoints(const engine::Engine& engine, const model::Environment& env);

void print_endpoints(const std::vector<Endpoint>& endpoints);
nlohmann::json endpoints_json(const std::vector<Endpoint>& endpoints);

/// "3 created, 1 replaced, 5 unchanged".
std::string change_summary(const targets::docker::ApplyResult& result);
nlohmann::json changes_json(const targets::docker::ApplyResult& result);

}  // namespace stackctl::commands
