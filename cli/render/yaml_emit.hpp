// The one YAML serializer: block-style, 2-space indent, keys in the JSON's
// (sorted) order, and every string quoted whenever a YAML 1.1 or 1.2 parser
// could read it as anything but that same string. Deterministic and fast.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/document.hpp"

namespace stackctl::render {

/// `doc` as one YAML document ending in a newline, without a "---" marker.
/// Strings with invalid UTF-8 have each bad byte written as U+FFFD.
std::string to_yaml(const nlohmann::json& doc);

/// Every document's body, in the given order, separated by "---" lines.
std::string to_yaml_stream(const std::vector<Document>& docs);

}  // namespace stackctl::render
