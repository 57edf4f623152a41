// Per-service rules (bounds, ports, probes, references) and the
// environment-wide port-publishing check. Part of validate_environment.
#pragma once

#include "config/diagnostics.hpp"
#include "config/source_map.hpp"
#include "model/environment.hpp"

namespace stackctl::config {

void validate_service_rules(const model::Environment& env, const model::Service& svc, const SourceMap& sources,
                            Diagnostics& diags);
void validate_published_ports(const model::Environment& env, const SourceMap& sources, Diagnostics& diags);

}  // namespace stackctl::config
