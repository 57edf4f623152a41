// What `stackctl up` wants running on a Docker Engine for one environment:
// the network, the named volumes and one container per dependency, seed job,
// service and port relay. Pure data made from the model, so it is unit tested
// and stored in every release (rollback redeploys a release's own plan).
//
// Secret values are never in a plan: an env value keeps "${secret:NAME}" and
// is resolved just before the container is created (resolve_env). A literal
// "$" is written "$$" so the two cannot be confused.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/engine/types.hpp"
#include "dependencies/catalog.hpp"
#include "model/environment.hpp"

namespace stackctl::targets::docker {

enum class Role { dependency, seed, service, relay };

/// Where a container finds its secrets: files on a tmpfs (never env, which
/// `docker inspect` shows, nor argv). The dependency catalog owns the path.
using dependencies::secrets_dir;

/// One file in secrets_dir. `text` is plan text: "${secret:NAME}" parts are
/// resolved just before the container starts, so no value is
/// ever in a plan or a release.
struct SecretFile {
  std::string name;  // file name in secrets_dir, e.g. "POSTGRES_PASSWORD"
  std::string text;  // e.g. "${secret:rates-db-password}"
  bool operator==(const SecretFile&) const = default;
};
const char* to_string(Role r);
Role role_from_string(const std::string& s);

struct ContainerPlan {
  std::string component;  // dependency or service name; a relay's service; a seed's dependency
  Role role = Role::service;
  stackctl::engine::ContainerSpec spec;  // name and the stackctl labels are set when applied
  std::vector<std::string> after;        // components (by key) that must be ready (or done) first
  std::string seed_file;                 // seed: the file, relative to the project root
  std::string seed_path;                 // seed: where it is copied in the container
  int ready_timeout_seconds = 180;
  std::vector<SecretFile> secret_files;  // written mode 0400 into secrets_dir before start

  /// "service/rates-api", "relay/rates-api", "seed/rates-db", "dependency/rates-db".
  std::string key() const;
};

struct Plan {
  std::string stack;     // "loopstock"
  std::string instance;  // "local", or "local-pr-1" for a copy
  std::string network;   // "loopstock-local"
  std::vector<std::string> volumes;
  std::vector<ContainerPlan> containers;  // in a valid start order

  std::string prefix() const { return stack + "-" + instance; }
  const ContainerPlan* find(const std::string& key) const;
};

/// Images stackctl runs: service name -> image reference (built, or from a
/// release), and the relay image.
struct Images {
  std::map<std::string, std::string> services;
  std::string relay;
};

/// Throws std::runtime_error when a built service has no image in `images`.
Plan make_plan(const model::Environment& env, const Images& images);

/// Secret names an env or a secret file of the plan refers to (sorted, unique).
std::vector<std::string> referenced_secrets(const Plan& plan);

/// `text` with every ${secret:NAME} replaced by its value and "$$" by "$".
/// Throws std::runtime_error naming a secret that `values` lacks and `what`
/// (the env var or file it was for).
std::string resolve_text(const std::string& text, const std::map<std::string, std::string>& values,
                         const std::string& what);
/// resolve_text of every value of `env`.
std::map<std::string, std::string> resolve_env(const std::map<std::string, std::string>& env,
                                               const std::map<std::string, std::string>& values);
/// resolve_text of every file's text (the result's text holds the value).
std::vector<SecretFile> resolve_secret_files(const std::vector<SecretFile>& files,
                                             const std::map<std::string, std::string>& values);

nlohmann::json to_json(const Plan& plan);
/// Throws std::runtime_error on a malformed document.
Plan plan_from_json(const nlohmann::json& doc);

/// The labels stackctl puts on everything it creates.
/// label_secrets: the file names (comma separated, never values) a container
/// has in secrets_dir, so down can empty them without the plan.
inline constexpr const char* label_stack = "org.stackctl.stack";
inline constexpr const char* label_instance = "org.stackctl.instance";
inline constexpr const char* label_key = "org.stackctl.key";
inline constexpr const char* label_spec = "org.stackctl.spec";
inline constexpr const char* label_secrets = "org.stackctl.secret-files";

}  // namespace stackctl::targets::docker
