// Checks that span more than one value: the dependency graph, bounds that
// relate two fields, port clashes and references between names. Runs on the
// decoded model; positions come from the SourceMap the decoders filled.
#pragma once

#include "config/diagnostics.hpp"
#include "config/source_map.hpp"
#include "model/environment.hpp"

namespace stackctl::config {

/// Also splits each service's `requires` list into dependencies and services.
void validate_environment(model::Environment& env, const SourceMap& sources, Diagnostics& diags);

}  // namespace stackctl::config
