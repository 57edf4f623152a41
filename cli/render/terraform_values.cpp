// Values both clouds' root modules share: labels, names, sizes, and which
// dependencies and ServiceAccounts the modules are called for.
#include <algorithm>
#include <cctype>

#include "render/kubernetes.hpp"
#include "render/terraform_root.hpp"

namespace stackctl::render {

nlohmann::json terraform_labels(const model::Environment& env) {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [key, value] : env.labels) labels[key] = value;
  labels["managed-by"] = "stackctl";
  labels["stack"] = env.stack;
  labels["environment"] = env.instance_name();
  return labels;
}

int terraform_storage_gb(const std::string& quantity, int minimum) {
  size_t digits = 0;
  while (digits < quantity.size() && std::isdigit(static_cast<unsigned char>(quantity[digits]))) ++digits;
  if (digits == 0) return minimum;
  const double value = std::stod(quantity.substr(0, digits));
  const std::string unit = quantity.substr(digits);
  double gib = value;  // "Gi" and "G"
  if (unit == "Mi" || unit == "M") gib = value / 1024;
  if (unit == "Ti" || unit == "T") gib = value * 1024;
  const int whole = static_cast<int>(gib) + (gib > static_cast<int>(gib) ? 1 : 0);
  return std::max(whole, minimum);
}

std::string terraform_identifier(const std::string& value) {
  std::string out = value;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

std::vector<const model::Dependency*> managed_dependencies(const model::Environment& env, model::DependencyKind kind) {
  std::vector<const model::Dependency*> out;
  for (const auto& d : env.dependencies)
    if (d.placement == model::Placement::managed && d.kind == kind) out.push_back(&d);
  return out;
}

std::vector<std::string> secret_reading_service_accounts(const model::Environment& env) {
  std::vector<std::string> out;
  for (const auto& s : env.services) out.push_back(s.name);
  for (const auto& d : env.dependencies)
    if (d.placement == model::Placement::cluster && kubernetes_reads_csi_secrets(env, d)) out.push_back(d.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace stackctl::render
