// The infrastructure plan for people (stderr, like terraform's) and as JSON;
// shared by `plan` and `up` on cloud targets.
#pragma once

#include <nlohmann/json.hpp>

#include "targets/results.hpp"

namespace stackctl::commands {

void print_infrastructure_plan(const targets::InfrastructurePlan& plan);
nlohmann::json infrastructure_plan_json(const targets::InfrastructurePlan& plan);

}  // namespace stackctl::commands
