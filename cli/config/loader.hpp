// Loads one environment: its extends chain, overrides, the service
// descriptors, interpolation, decoding and validation. The result carries
// every problem found; callers decide whether problems are fatal.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/interpolate.hpp"
#include "config/overrides.hpp"
#include "config/source_map.hpp"
#include "model/environment.hpp"

namespace stackctl::config {

struct LoadOptions {
  std::filesystem::path root = ".";  // the project root (holds environments/, services/)
  std::string environment = "local";
  std::vector<Override> overrides;  // STACKCTL_* first, then --set, in order
  std::optional<std::string> copy;  // --copy NAME
  std::string copy_ttl = "72h";
};

struct LoadedEnvironment {
  model::Environment env;
  Diagnostics diags;
  InterpolationScope scope;  // env.* and var.* values, for templates
  SourceMap sources;         // key path -> where it was written
  bool abstract = false;     // `abstract: true`: only for extending
};

/// Never throws for problems in the files: they are in `diags`. Throws
/// InvalidInput only when the environment itself cannot be found.
LoadedEnvironment load_environment(const LoadOptions& options);

/// Environment names: environments/*.yaml, without *.secrets.yaml, sorted.
/// Abstract ones are included; loading them reports that they are abstract.
std::vector<std::string> list_environments(const std::filesystem::path& root);

/// Service folder names that hold a service.yaml, sorted.
std::vector<std::string> list_services(const std::filesystem::path& root);

}  // namespace stackctl::config
