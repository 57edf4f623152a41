#include "commands/deploy_view.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <map>

#include "app/table.hpp"
#include "app/terminal.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::commands {
namespace td = targets::docker;

void DeployView::status_line(const std::string& text) {
  std::string shown = text.size() > 100 ? text.substr(0, 97) + "..." : text;
  std::fprintf(stderr, "\r\033[K%s", shown.c_str());
  std::fflush(stderr);
  line_open_ = true;
}

void DeployView::finish_line() {
  std::lock_guard g(mu_);
  if (line_open_) std::fprintf(stderr, "\r\033[K");
  line_open_ = false;
}

void DeployView::note(const std::string& text) {
  std::lock_guard g(mu_);
  if (line_open_) std::fprintf(stderr, "\r\033[K");
  line_open_ = false;
  std::fprintf(stderr, "%s\n", text.c_str());
}

td::BuildEvents DeployView::build_events() {
  td::BuildEvents e;
  e.on_start = [this](const std::string& service, const std::string& tag, bool cached) {
    if (!cached) note("building " + service + " (" + tag + ")");
  };
  e.on_line = [this](const std::string& service, const std::string& line) {
    std::lock_guard g(mu_);
    if (terminal_)
      status_line("  " + service + ": " + line);
    else
      std::fprintf(stderr, "%s | %s\n", service.c_str(), line.c_str());
  };
  e.on_done = [this](const std::string& service, const std::string& id, double seconds) {
    if (seconds > 0) {
      char t[32];
      std::snprintf(t, sizeof t, "%.1fs", seconds);
      note("built " + service + " " + id.substr(0, 19) + " in " + t);
    }
  };
  return e;
}

void DeployView::on_container(const std::string& key, const std::string& action) {
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

std::vector<Endpoint> published_endpoints(const engine::Engine& engine, const model::Environment& env) {
  std::vector<Endpoint> out;
  for (const auto& c : engine.list_containers(td::instance_filter(env.stack, env.instance_name()), false)) {
    auto key = c.labels.find(td::label_key);
    if (key == c.labels.end() || !key->second.starts_with("relay/")) continue;
    const std::string service = key->second.substr(6);
    const model::Service* s = env.find_service(service);
    for (const auto& p : engine.inspect_container(c.id).ports) {
      if (p.host_port == 0) continue;
      std::string name = std::to_string(p.container_port);
      if (s != nullptr)
        for (const auto& sp : s->ports)
          if (sp.port == p.container_port) name = sp.name;
      const std::string scheme = name.starts_with("http") ? "http://" : "";
      out.push_back({service, name, scheme + p.host_ip + ":" + std::to_string(p.host_port)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Endpoint& a, const Endpoint& b) {
    return std::tie(a.service, a.port_name) < std::tie(b.service, b.port_name);
  });
  return out;
}

void print_endpoints(const std::vector<Endpoint>& endpoints) {
  if (endpoints.empty()) return;
  std::vector<std::vector<std::string>> rows{{"SERVICE", "PORT", "ENDPOINT"}};
  for (const auto& e : endpoints) rows.push_back({e.service, e.port_name, e.url});
  app::print_table(rows);
}

nlohmann::json endpoints_json(const std::vector<Endpoint>& endpoints) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : endpoints) out.push_back({{"service", e.service}, {"port", e.port_name}, {"url", e.url}});
  return out;
}

std::string change_summary(const td::ApplyResult& result) {
  std::map<std::string, int> counts;
  for (const auto& c : result.changes) counts[c.action]++;
  std::string out;
  for (const char* action : {"created", "replaced", "started", "removed", "unchanged"}) {
    if (!counts[action]) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(counts[action]) + " " + action;
  }
  return out.empty() ? "no containers" : out;
}

nlohmann::json changes_json(const td::ApplyResult& result) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : result.changes)
    out.push_back({{"key", c.key}, {"action", c.action}, {"container", c.container}, {"seconds", c.seconds}});
  return out;
}

}  // namespace stackctl::commands
