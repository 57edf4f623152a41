#include "render/render_environment.hpp"

#include <algorithm>

#include "render/kubernetes.hpp"
#include "render/templates.hpp"

namespace stackctl::render {

std::vector<Document> render_environment(const RenderInput& in, config::Diagnostics& diags) {
  std::vector<Document> docs = render_kubernetes(in.env, in.images);
  std::vector<Document> extra = render_templates(in.templates, in.env, in.scope, in.images, diags);
  for (auto& d : extra) {
    auto clash = std::find_if(docs.begin(), docs.end(), [&](const Document& x) { return x.path == d.path; });
    if (clash != docs.end()) {
      diags.error(config::make_mark("templates"), "",
                  "a template renders to " + d.path + ", which stackctl already writes; rename the template");
      continue;
    }
    docs.push_back(std::move(d));
  }
  for (auto& d : render_terraform(in.env, in.terraform_modules, in.terraform)) docs.push_back(std::move(d));
  std::sort(docs.begin(), docs.end(), [](const Document& a, const Document& b) { return a.path < b.path; });
  return docs;
}

}  // namespace stackctl::render
