// User-supplied extra manifests under templates/:
//   templates/*.yaml                        once per environment
//   templates/services/*.yaml               once per service
//   templates/environments/<env>/*.yaml     once, only for that environment
//   templates/environments/<env>/services/*.yaml   per service, only there
// Each file may hold several YAML documents.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/node.hpp"

namespace stackctl::config {

struct TemplateFile {
  std::string display;  // "templates/services/monitor.yaml"
  std::string stem;     // "monitor"
  bool per_service = false;
  std::vector<Node> documents;
};

/// Sorted by display path. Parse errors go to `diags`.
std::vector<TemplateFile> load_template_files(const std::filesystem::path& root, const std::string& environment,
                                              Diagnostics& diags);

}  // namespace stackctl::config
