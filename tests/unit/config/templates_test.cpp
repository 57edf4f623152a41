// Templates: per-environment and per-service documents, typed placeholders,
// namespace and labels added, shape errors with positions.
#include <doctest/doctest.h>

#include <algorithm>

#include "config/template_files.hpp"
#include "render/templates.hpp"
#include "temp_project.hpp"

using namespace stackctl;
using stackctl::testing::minimal_project;
using stackctl::testing::TempProject;

namespace {
struct Rendered {
  std::vector<render::Document> docs;
  std::vector<std::string> errors;
};

Rendered render_with(TempProject& p) {
  auto l = p.load("local");
  REQUIRE(stackctl::testing::messages(l).empty());
  config::Diagnostics diags;
  auto files = config::load_template_files(p.root(), "local", diags);
  Rendered r;
  r.docs = render::render_templates(files, l.env, l.scope, {{"web", "shop/web:abc"}}, diags);
  for (const auto& d : diags.sorted()) r.errors.push_back(d.to_string());
  std::sort(r.docs.begin(), r.docs.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return r;
}
}  // namespace

TEST_CASE("per-service templates render once per service with typed placeholders") {
  TempProject p(minimal_project());
  p.write("services/api/service.yaml", "image: api:1\nreplicas: 3\nports: [{name: http, port: 9000}]\n");
  p.write("services/web/service.yaml", "build: {dockerfile: services/web/Dockerfile}\n");
  p.write("templates/services/monitor.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${service.name}-monitor\n"
          "data:\n  replicas: \"${service.replicas}\"\n  image: ${service.image}\n");
  p.write(
      "templates/environments/local/quota.yaml",
      "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q-${env.namespace}\nspec:\n  hard: {pods: \"20\"}\n");
  auto r = render_with(p);
  CHECK(r.errors.empty());
  REQUIRE(r.docs.size() == 3);
  CHECK(r.docs[0].path == "kubernetes/services/api/template-monitor.yaml");
  CHECK(r.docs[0].body["data"]["replicas"] == "3");
  CHECK(r.docs[0].body["data"]["image"] == "api:1");
  CHECK(r.docs[1].body["metadata"]["name"] == "web-monitor");
  CHECK(r.docs[1].body["data"]["image"] == "shop/web:abc");
  CHECK(r.docs[1].body["metadata"]["namespace"] == "local");
  CHECK(r.docs[1].body["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "stackctl");
  CHECK(r.docs[2].path == "kubernetes/templates/quota.yaml");
  CHECK(r.docs[2].body["metadata"]["name"] == "q-local");
}

TEST_CASE("a whole-scalar placeholder keeps its type in templates") {
  TempProject p(minimal_project());
  p.write("templates/services/pdb.yaml",
          "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${service.name}\n"
          "spec:\n  minAvailable: ${service.replicas}\n");
  auto r = render_with(p);
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].body["spec"]["minAvailable"].is_number_integer());
  CHECK(r.docs[0].body["spec"]["minAvailable"] == 1);
}

TEST_CASE("template errors carry file and line") {
  TempProject p(minimal_project());
  p.write("templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n");
  p.write("templates/typo.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${env.nmespace}\n");
  auto r = render_with(p);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "templates/broken.yaml:4:3: metadata: missing \"metadata.name\"");
  CHECK(r.errors[1] ==
        "templates/typo.yaml:4:9: metadata.name: unknown placeholder \"${env.nmespace}\" (did you mean "
        "\"env.namespace\"?)");
}
