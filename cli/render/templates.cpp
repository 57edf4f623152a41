#include "render/templates.hpp"

#include <set>

#include "config/node_json.hpp"
#include "config/reader.hpp"
#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

bool cluster_scoped(const std::string& kind) {
  static const std::set<std::string> kinds = {"Namespace",        "ClusterRole",  "ClusterRoleBinding",
                                              "PriorityClass",    "StorageClass", "CustomResourceDefinition",
                                              "PersistentVolume", "IngressClass"};
  return kinds.count(kind) > 0;
}

/// Checks the shape every Kubernetes object has; adds namespace and labels.
bool finish_object(const config::Node& source, nlohmann::json& doc, const model::Environment& env,
                   config::Diagnostics& diags) {
  auto fail = [&](const std::string& path, const std::string& message) {
    const config::Node* at = source.is_map() ? source.find(path) : nullptr;
    diags.error(at ? at->mark() : source.mark(), path, message);
    return false;
  };
  if (!doc.is_object()) return fail("", "a template document must be a Kubernetes object (a map)");
  for (const char* key : {"apiVersion", "kind"})
    if (!doc.contains(key) || !doc[key].is_string() || doc[key].get<std::string>().empty())
      return fail(key, std::string("missing or empty \"") + key + "\"");
  if (!doc.contains("metadata") || !doc["metadata"].is_object()) return fail("metadata", "missing \"metadata\" map");
  auto& meta = doc["metadata"];
  if (!meta.contains("name") || !meta["name"].is_string() || meta["name"].get<std::string>().empty())
    return fail("metadata", "missing \"metadata.name\"");
  if (!cluster_scoped(doc["kind"].get<std::string>()) && !meta.contains("namespace"))
    meta["namespace"] = env.namespace_name;
  // stackctl's labels (environment, copy TTL, ...) join the user's; the
  // user's own values win where both set one.
  nlohmann::json labels = kubernetes_labels(env, meta["name"].get<std::string>(), "template");
  if (meta.contains("labels") && meta["labels"].is_object()) labels.update(meta["labels"]);
  meta["labels"] = std::move(labels);
  return true;
}

void instantiate(const config::TemplateFile& file, const std::string& prefix, const config::InterpolationScope& scope,
                 const model::Environment& env, config::Diagnostics& diags, std::vector<Document>& out) {
  for (size_t i = 0; i < file.documents.size(); ++i) {
    config::Node node = file.documents[i];
    const size_t before = diags.size();
    config::interpolate(node, scope, "", diags);
    if (diags.size() != before) continue;
    nlohmann::json doc = config::to_json(node);
    if (!finish_object(node, doc, env, diags)) continue;
    std::string name = prefix + file.stem;
    if (file.documents.size() > 1) name += "-" + std::to_string(i + 1);
    out.push_back(Document{name + ".yaml", std::move(doc)});
  }
}

}  // namespace

std::vector<Document> render_templates(const std::vector<config::TemplateFile>& files, const model::Environment& env,
                                       const config::InterpolationScope& scope,
                                       const std::map<std::string, std::string>& images, config::Diagnostics& diags) {
  std::vector<Document> out;
  for (const auto& file : files) {
    if (!file.per_service) {
      instantiate(file, "kubernetes/templates/", scope, env, diags, out);
      continue;
    }
    for (const auto& svc : env.services) {
      config::InterpolationScope s = scope;
      s.set_text("service.name", svc.name);
      s.set("service.replicas", config::Node::scalar(std::to_string(svc.replicas), false, {}));
      if (!svc.ports.empty())
        s.set("service.port", config::Node::scalar(std::to_string(svc.ports.front().port), false, {}));
      auto image = images.find(svc.name);
      s.set_text("service.image", !svc.image.empty() ? svc.image : image != images.end() ? image->second : svc.name);
      instantiate(file, "kubernetes/services/" + svc.name + "/template-", s, env, diags, out);
    }
  }
  return out;
}

}  // namespace stackctl::render
