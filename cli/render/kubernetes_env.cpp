// Environment variables: literal values go to the service's ConfigMap; values
// holding references become secretKeyRef / configMapKeyRef entries, joined
// with literal text through Kubernetes' $(VAR) expansion. Never a secret value.
#include <optional>
#include <set>
#include <tuple>

#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

constexpr const char* kSecretsName = "stackctl-secrets";
constexpr const char* kInfrastructureName = "stackctl-infrastructure";

/// A reference's literal value when the dependency runs where its address is
/// known now (in the cluster or as a container), else nothing.
std::optional<std::string> literal_value(const model::Environment& env, const model::Reference& ref) {
  if (ref.kind != model::Reference::Kind::dependency) return std::nullopt;
  const model::Dependency* dep = env.find_dependency(ref.name);
  if (dep == nullptr || dep->placement == model::Placement::managed) return std::nullopt;
  if (ref.field == "host") return dep->name;
  if (ref.field == "port") return std::to_string(dep->port);
  if (ref.field == "database") return dep->database;
  if (ref.field == "user") return dep->user;
  return std::string();
}

json value_from(const model::Reference& ref) {
  if (ref.kind == model::Reference::Kind::secret)
    return {{"secretKeyRef", {{"name", kSecretsName}, {"key", ref.name}}}};
  return {{"configMapKeyRef", {{"name", kInfrastructureName}, {"key", ref.name + "." + ref.field}}}};
}

std::string upper_snake(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c >= 'a' && c <= 'z')
      out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      out += c;
    else
      out += '_';
  }
  return out;
}

/// Kubernetes expands $(NAME) in `value` and reads "$$" as "$", so every
/// literal '$' is doubled to keep the text as written.
std::string escape_expansion(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

/// Hands out one STACKCTL_REF_* helper variable per distinct reference.
class Helpers {
 public:
  /// `taken`: the service's own variable names, which a helper must not shadow.
  explicit Helpers(const std::vector<model::EnvVar>& taken) {
    for (const auto& v : taken) taken_.insert(v.name);
  }
  std::string name_for(const model::Reference& ref) {
    const auto identity = std::make_tuple(ref.kind, ref.name, ref.field);
    if (auto it = names_.find(identity); it != names_.end()) return it->second;
    std::string base = "STACKCTL_REF_" + upper_snake(ref.name);
    if (ref.kind == model::Reference::Kind::dependency) base += "_" + upper_snake(ref.field);
    std::string name = base;
    for (int n = 2; entries_.contains(name) || taken_.contains(name); ++n) name = base + "_" + std::to_string(n);
    names_.emplace(identity, name);
    entries_.emplace(name, value_from(ref));
    return name;
  }
  /// The helpers' env entries, sorted by name.
  void append_to(json& env) const {
    for (const auto& [name, source] : entries_) env.push_back({{"name", name}, {"valueFrom", source}});
  }

 private:
  std::map<std::tuple<model::Reference::Kind, std::string, std::string>, std::string> names_;
  std::map<std::string, json> entries_;
  std::set<std::string> taken_;
};

/// The single reference that makes up a whole value, if that is what it is.
const model::Reference* whole_reference(const model::EnvValue& value) {
  const model::Reference* found = nullptr;
  for (const auto& part : value.parts) {
    if (part.ref) {
      if (found != nullptr) return nullptr;
      found = &*part.ref;
    } else if (!part.text.empty()) {
      return nullptr;
    }
  }
  return found;
}

}  // namespace

ContainerEnv kubernetes_container_env(const model::Environment& env, const model::Service& service) {
  ContainerEnv out;
  Helpers helpers(service.env);
  json variables = json::array();
  for (const auto& var : service.env) {
    // Resolve what can be known now; what is left needs a reference.
    bool resolved = true;
    std::string literal;
    for (const auto& part : var.value.parts) {
      if (!part.ref) {
        literal += part.text;
      } else if (auto value = literal_value(env, *part.ref)) {
        literal += *value;
      } else {
        resolved = false;
        break;
      }
    }
    if (resolved) {
      out.config_data[var.name] = literal;
      continue;
    }
    if (const model::Reference* ref = whole_reference(var.value)) {
      variables.push_back({{"name", var.name}, {"valueFrom", value_from(*ref)}});
      continue;
    }
    std::string value;
    for (const auto& part : var.value.parts) {
      if (!part.ref)
        value += escape_expansion(part.text);
      else if (auto known = literal_value(env, *part.ref))
        value += escape_expansion(*known);
      else
        value += "$(" + helpers.name_for(*part.ref) + ")";
    }
    variables.push_back({{"name", var.name}, {"value", value}});
  }
  // Helpers first: $(NAME) only expands variables defined earlier in the list.
  helpers.append_to(out.env);
  for (auto& v : variables) out.env.push_back(std::move(v));
  return out;
}

}  // namespace stackctl::render
