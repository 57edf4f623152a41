// Names and labels shared by every Kubernetes object, and the namespace itself.
#include <cstdint>

#include "render/kubernetes.hpp"

namespace stackctl::render {

using nlohmann::json;

json kubernetes_labels(const model::Environment& env, const std::string& name, const std::string& component) {
  json labels = json::object();
  for (const auto& [key, value] : env.labels) labels[key] = value;
  // Ours come last so an environment label can never break a selector.
  const std::string instance = env.instance_name();
  labels["app.kubernetes.io/name"] = name;
  labels["app.kubernetes.io/instance"] = instance;
  labels["app.kubernetes.io/part-of"] = env.stack;
  labels["app.kubernetes.io/managed-by"] = "stackctl";
  labels["app.kubernetes.io/component"] = component;
  labels["stackctl.dev/environment"] = instance;
  if (env.copy) {
    labels["stackctl.dev/copy-of"] = env.copy->parent;
    labels["stackctl.dev/ttl"] = env.copy->ttl;
  }
  return labels;
}

json kubernetes_selector(const model::Environment& env, const std::string& name) {
  return {{"app.kubernetes.io/name", name}, {"app.kubernetes.io/instance", env.instance_name()}};
}

json kubernetes_object(const char* api_version, const char* kind, const model::Environment& env,
                       const std::string& name, const std::string& component) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"metadata",
           {{"name", name}, {"namespace", env.namespace_name}, {"labels", kubernetes_labels(env, name, component)}}}};
}

json kubernetes_namespace(const model::Environment& env) {
  json labels = kubernetes_labels(env, env.stack, "environment");
  labels["pod-security.kubernetes.io/enforce"] = "restricted";
  return {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", env.namespace_name}, {"labels", labels}}}};
}

std::string kubernetes_config_hash(const json& data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&hash](const std::string& text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xFF;  // a separator no UTF-8 text contains
    hash *= 0x100000001b3ULL;
  };
  for (auto it = data.begin(); it != data.end(); ++it) {
    mix(it.key());
    mix(it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  return out;
}

}  // namespace stackctl::render
