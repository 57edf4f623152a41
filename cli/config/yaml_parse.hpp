// The only place that touches yaml-cpp: text in, position-carrying Node out.
#pragma once

#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/node.hpp"

namespace stackctl::config {

/// Parses one YAML document. `source` names it in marks (a path relative to
/// the project root). Syntax errors and duplicate keys are thrown as
/// InvalidInput with their position.
Node parse_yaml(const std::string& text, const std::string& source);

/// Parses a stream of documents (templates may hold several); empty
/// documents are skipped.
std::vector<Node> parse_yaml_stream(const std::string& text, const std::string& source);

/// Reads and parses a file; `display` is how the file is named in errors.
Node parse_yaml_file(const std::string& path, const std::string& display);

}  // namespace stackctl::config
