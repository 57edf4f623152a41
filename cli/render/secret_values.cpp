// (Not a kubernetes_*.cpp: it is applied apart from the rendered objects and is
// not in the kinds kubectl prunes, see clients/kubectl.hpp.)
#include "render/secret_values.hpp"

#include "render/kubernetes.hpp"

namespace stackctl::render {

Document kubernetes_secret(const model::Environment& env, const std::map<std::string, std::string>& values) {
  auto secret = kubernetes_object("v1", "Secret", env, "stackctl-secrets", "secrets");
  secret["type"] = "Opaque";
  secret["stringData"] = nlohmann::json::object();
  for (const auto& [name, value] : values) secret["stringData"][name] = value;
  return {"kubernetes/secrets.yaml", secret};
}

}  // namespace stackctl::render
