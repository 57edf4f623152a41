// Instantiates the user's extra manifests (config/template_files.hpp) for an
// environment: placeholders resolved, namespace and stackctl labels added,
// and each document checked to be a Kubernetes object. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/interpolate.hpp"
#include "config/template_files.hpp"
#include "model/environment.hpp"
#include "render/document.hpp"

namespace stackctl::render {

/// Placeholders: env.* and var.* from `scope`; in per-service files also
/// service.name, service.replicas, service.port (the first port) and
/// service.image.
std::vector<Document> render_templates(const std::vector<config::TemplateFile>& files, const model::Environment& env,
                                       const config::InterpolationScope& scope,
                                       const std::map<std::string, std::string>& images, config::Diagnostics& diags);

}  // namespace stackctl::render
