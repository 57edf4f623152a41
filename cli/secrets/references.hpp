// Which secrets an environment uses (`${secret:NAME}` in service env
// values, and each credentialed dependency's password_secret), checked
// against the names in its secrets file. Names are readable without a key,
// so this runs in `stackctl validate` on any machine.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/loader.hpp"

namespace stackctl::secrets {

struct SecretUse {
  std::string name;
  std::string path;  // e.g. services.rates-api.env.DB_PASSWORD
  config::Mark mark;
};

/// Every use, in a stable order (by name, then path).
std::vector<SecretUse> secret_uses(const config::LoadedEnvironment& loaded);

struct ReferenceReport {
  std::vector<config::Diagnostic> errors;    // a used secret missing from the file
  std::vector<config::Diagnostic> warnings;  // no file yet; secrets in the file nobody uses
};

/// Without a secrets file every use is reported once as a warning (the
/// environment can be rendered and reviewed, not deployed); with one, a
/// missing name is an error at the place that uses it and an unused name a
/// warning at its line in the secrets file.
ReferenceReport check_secret_references(const config::LoadedEnvironment& loaded, const std::filesystem::path& root);

}  // namespace stackctl::secrets
