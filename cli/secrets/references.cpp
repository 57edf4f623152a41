#include "secrets/references.hpp"

#include <algorithm>
#include <set>

#include "config/reader.hpp"
#include "secrets/secrets_file.hpp"

namespace stackctl::secrets {

std::vector<SecretUse> secret_uses(const config::LoadedEnvironment& loaded) {
  std::vector<SecretUse> uses;
  for (const auto& service : loaded.env.services)
    for (const auto& var : service.env)
      for (const auto& part : var.value.parts)
        if (part.ref && part.ref->kind == model::Reference::Kind::secret) {
          auto path = "services." + service.name + ".env." + var.name;
          uses.push_back({part.ref->name, path, loaded.sources.at(path)});
        }
  for (const auto& dep : loaded.env.dependencies)
    if (!dep.password_secret.empty()) {
      auto path = "dependencies." + dep.name + ".password_secret";
      uses.push_back({dep.password_secret, path, loaded.sources.at(path)});
    }
  std::sort(uses.begin(), uses.end(),
            [](const auto& a, const auto& b) { return std::tie(a.name, a.path) < std::tie(b.name, b.path); });
  return uses;
}

ReferenceReport check_secret_references(const config::LoadedEnvironment& loaded, const std::filesystem::path& root) {
  ReferenceReport report;
  const auto& env_name = loaded.env.name;
  auto uses = secret_uses(loaded);
  std::set<std::string> used;
  for (const auto& u : uses) used.insert(u.name);
  auto file = read_secrets_file(root, env_name);
  if (!file) {
    if (used.empty()) return report;
    std::string names;
    for (const auto& n : used) names += (names.empty() ? "" : ", ") + n;
    auto mark = loaded.env.files.empty() ? config::Mark{} : config::make_mark(loaded.env.files.back(), 1, 1);
    report.warnings.push_back({mark, "secrets",
                               "no secrets file " + secrets_file_name(env_name) + " yet; " +
                                   std::to_string(used.size()) + " secret" + (used.size() == 1 ? " is" : "s are") +
                                   " used but not set: " + names + " (stackctl secrets init " + env_name + ")"});
    return report;
  }
  for (const auto& u : uses)
    if (!file->find(u.name))
      report.errors.push_back({u.mark, u.path,
                               "secret " + config::quote(u.name) + " is not set in " + secrets_file_name(env_name) +
                                   " (stackctl secrets set " + env_name + " " + u.name + ")"});
  for (const auto& s : file->secrets)
    if (!used.count(s.name))
      report.warnings.push_back(
          {s.mark, "secrets." + s.name,
           "secret " + config::quote(s.name) + " is not used by any service or dependency of " + env_name});
  return report;
}

}  // namespace stackctl::secrets
