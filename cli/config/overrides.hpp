// Command-line (`--set path=value`) and environment (`STACKCTL_A__B=value`)
// overrides, applied to an environment tree after its extends chain merged.
#pragma once

#include <string>
#include <vector>

#include "config/node.hpp"

namespace stackctl::config {

struct Override {
  std::vector<std::string> path;  // key segments; "[N]" segments index lists
  std::string value;              // YAML text: "3", "true", "{min: 1}", "a b"
  std::string origin;             // "--set a.b=3" or "STACKCTL_A__B", for errors
  bool from_environment = false;  // STACKCTL_*: segments match keys loosely
  std::string base_path;          // key path of the tree it applies to, for errors
};

/// Whether an override's path segment names `key`: exactly for --set; for
/// STACKCTL_* ignoring case, with `_` standing for `-`.
bool segment_matches(const Override& o, const std::string& segment, const std::string& key);

/// Splits off the overrides of one service (`services.NAME.…`), with the
/// first two segments removed, so they apply to the service's merged tree.
std::vector<Override> service_overrides(const std::vector<Override>& all, const std::string& service);

/// The overrides that do not address a single service's settings.
std::vector<Override> environment_overrides(const std::vector<Override>& all);

/// Parses "services.rates-api.replicas=3"; throws InvalidInput on bad syntax.
Override parse_set_flag(const std::string& flag);

/// Collects the STACKCTL_* variables whose name contains "__" from `envp`
/// (e.g. STACKCTL_SERVICES__RATES_API__REPLICAS=3). Segments are matched
/// against existing keys with `_` standing for `-` and case ignored, so
/// RATES_API finds "rates-api" and LOG_LEVEL finds "LOG_LEVEL". A new key is
/// lowercased with `-` for `_`, except under `env`, where names are kept.
std::vector<Override> overrides_from_environment(char** envp);

/// Applies overrides in order; each creates the maps on its path as needed.
/// The value is parsed as a YAML flow value, so types follow YAML rules.
void apply_overrides(Node& root, const std::vector<Override>& overrides);

}  // namespace stackctl::config
