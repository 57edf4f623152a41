#include "secrets/delivery.hpp"

#include <cctype>

#include "render/kubernetes.hpp"

namespace stackctl::secrets {

namespace {
std::string with_underscores(const std::string& secret, bool upper) {
  std::string out;
  for (char c : secret) {
    char u = c == '-' || c == '.' ? '_' : c;
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(u))) : u;
  }
  return out;
}
}  // namespace

std::string environment_variable_name(const std::string& secret) { return with_underscores(secret, true); }

std::string terraform_variable_name(const std::string& secret) { return with_underscores(secret, false); }

Values process_environment(const Values& values) {
  Values out;
  for (const auto& [name, value] : values) out[environment_variable_name(name)] = value;
  return out;
}

Values terraform_environment(const Values& values) {
  Values out;
  for (const auto& [name, value] : values) out["TF_VAR_" + terraform_variable_name(name)] = value;
  return out;
}

render::Document kubernetes_secret(const model::Environment& env, const Values& values) {
  auto secret = render::kubernetes_object("v1", "Secret", env, "stackctl-secrets", "secrets");
  secret["type"] = "Opaque";
  secret["stringData"] = nlohmann::json::object();
  for (const auto& [name, value] : values) secret["stringData"][name] = value;
  return {"kubernetes/secrets.yaml", secret};
}

}  // namespace stackctl::secrets
