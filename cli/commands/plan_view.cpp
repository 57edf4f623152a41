#include "commands/plan_view.hpp"

#include <cstdio>

#include "app/terminal.hpp"

namespace stackctl::commands {

void print_infrastructure_plan(const targets::InfrastructurePlan& plan) {
  const bool color = app::Terminal::get().color_stderr();
  std::fprintf(stderr, "Infrastructure plan for %s:\n%s\n", plan.environment.c_str(),
               clients::format_plan(plan.summary, color).c_str());
}

nlohmann::json infrastructure_plan_json(const targets::InfrastructurePlan& plan) {
  const auto& s = plan.summary;
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : s.changes)
    changes.push_back({{"address", c.address}, {"type", c.type}, {"actions", c.actions}, {"protected", c.protected_type}});
  return {{"environment", plan.environment},
          {"changes_pending", plan.has_changes},
          {"create", s.creates},
          {"update", s.updates},
          {"delete", s.deletes},
          {"replace", s.replaces},
          {"changes", changes}};
}

}  // namespace stackctl::commands
