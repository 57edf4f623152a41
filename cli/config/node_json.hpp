// Converts a configuration tree to JSON data with YAML 1.2 core-schema
// typing: plain scalars become numbers, booleans or null where they read as
// such; quoted scalars stay strings.
#pragma once

#include <nlohmann/json.hpp>

#include "config/node.hpp"

namespace stackctl::config {

nlohmann::json to_json(const Node& node);

}  // namespace stackctl::config
