// Requirements between services and dependencies, and cycles among services.
#include <algorithm>
#include <functional>
#include <map>

#include "config/reader.hpp"
#include "config/suggest.hpp"
#include "config/validate.hpp"
#include "config/validate_rules.hpp"

namespace stackctl::config {
namespace {

void resolve_requirements(model::Environment& env, const SourceMap& sources, Diagnostics& diags) {
  std::vector<std::string> candidates;
  for (const auto& d : env.dependencies) candidates.push_back(d.name);
  for (const auto& s : env.services) candidates.push_back(s.name);
  for (auto& svc : env.services) {
    std::vector<std::string> raw = std::move(svc.requires_dependencies);
    svc.requires_dependencies.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      const std::string& name = raw[i];
      const std::string path = path_index("services." + svc.name + ".requires", i);
      if (env.find_dependency(name)) {
        svc.requires_dependencies.push_back(name);
      } else if (name == svc.name) {
        diags.error(sources.at(path), path, "a service cannot require itself");
      } else if (env.find_service(name)) {
        svc.requires_services.push_back(name);
      } else {
        diags.error(sources.at(path), path,
                    "requires " + quote(name) + ", which is neither a declared dependency nor an enabled service" +
                        did_you_mean(name, candidates));
      }
    }
    auto tidy = [](std::vector<std::string>& v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    tidy(svc.requires_dependencies);
    tidy(svc.requires_services);
  }
}

/// Depth-first search; reports each cycle once, at the edge that closes it.
void find_cycles(const model::Environment& env, const SourceMap& sources, Diagnostics& diags) {
  enum class State { unvisited, active, done };
  std::map<std::string, State> state;
  std::vector<std::string> stack;
  std::function<void(const model::Service&)> visit = [&](const model::Service& s) {
    state[s.name] = State::active;
    stack.push_back(s.name);
    for (const auto& next : s.requires_services) {
      if (state[next] == State::active) {
        auto from = std::find(stack.begin(), stack.end(), next);
        std::string cycle;
        for (auto it = from; it != stack.end(); ++it) cycle += *it + " -> ";
        const std::string path = "services." + s.name + ".requires";
        diags.error(sources.at(path), path, "dependency cycle: " + cycle + next);
      } else if (state[next] == State::unvisited) {
        visit(*env.find_service(next));
      }
    }
    stack.pop_back();
    state[s.name] = State::done;
  };
  for (const auto& s : env.services)
    if (state[s.name] == State::unvisited) visit(s);
}

}  // namespace

void validate_environment(model::Environment& env, const SourceMap& sources, Diagnostics& diags) {
  resolve_requirements(env, sources, diags);
  find_cycles(env, sources, diags);
  for (const auto& svc : env.services) validate_service_rules(env, svc, sources, diags);
  validate_published_ports(env, sources, diags);
}

}  // namespace stackctl::config
