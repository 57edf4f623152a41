// Everything `stackctl render` writes for one environment, as documents
// sorted by path. Pure: the caller loads files and writes the result.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/interpolate.hpp"
#include "config/template_files.hpp"
#include "model/environment.hpp"
#include "render/document.hpp"
#include "render/terraform_root.hpp"

namespace stackctl::render {

struct RenderInput {
  const model::Environment& env;
  const config::InterpolationScope& scope;
  const std::vector<config::TemplateFile>& templates;
  const std::map<std::string, std::string>& images;  // service -> image reference
  const ModuleFiles& terraform_modules;               // cloud targets: copied beside the root module
  TerraformOptions terraform = {};
};

/// Problems (in templates, or two documents with one path) go to `diags`.
std::vector<Document> render_environment(const RenderInput& in, config::Diagnostics& diags);

}  // namespace stackctl::render
