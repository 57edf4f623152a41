#include "targets/docker/dependency_container.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "dependencies/catalog.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace cat = stackctl::dependencies;
namespace {

/// The catalog's secret files as plan text: resolved just before the start.
std::vector<SecretFile> secret_files(const std::vector<cat::SecretFile>& files) {
  std::vector<SecretFile> out;
  for (const auto& f : files) out.push_back({f.file, secret_placeholder(f.secret)});
  return out;
}

/// A plain env value as plan text ("$" escaped, see plan.hpp).
std::string literal(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '$' ? std::string("$$") : std::string(1, c);
  return out;
}

}  // namespace

std::string secret_placeholder(const std::string& name) { return "${secret:" + name + "}"; }

ContainerPlan dependency_container(const model::Dependency& d, const std::string& volume) {
  // One container per dependency: a redis cluster runs as one standalone node.
  model::Dependency one = d;
  one.cluster = false;
  const cat::Server s = cat::describe(one);
  ContainerPlan c;
  c.component = d.name;
  c.role = Role::dependency;
  c.spec.image = s.image;
  c.spec.network_aliases = {d.name};
  c.spec.restart = sd::RestartPolicy::unless_stopped;
  for (const auto& [name, value] : s.env) c.spec.env[name] = literal(value);
  if (!s.command.empty()) c.spec.entrypoint = s.command;
  c.spec.cmd = s.args;
  // The root filesystem is writable here: only the data needs a volume.
  c.spec.mounts.push_back({sd::MountSpec::Type::volume, volume, s.data_path, false});
  c.secret_files = secret_files(s.secrets);
  sd::HealthCheck h;
  h.test = {"CMD"};
  h.test.insert(h.test.end(), s.readiness.begin(), s.readiness.end());
  h.interval = std::chrono::seconds(2);
  h.timeout = std::chrono::seconds(5);
  h.start_period = std::chrono::seconds(s.start_seconds);
  h.retries = 3;
  c.spec.health_check = h;
  c.ready_timeout_seconds = std::max(180, s.start_seconds + 120);
  return c;
}

ContainerPlan dependency_client_seed(const model::Dependency& d) {
  ContainerPlan c;
  c.component = d.name;
  c.role = Role::seed;
  c.seed_file = d.seed->sql;
  c.seed_path = "/seed/" + std::filesystem::path(d.seed->sql).filename().string();
  c.after = {"dependency/" + d.name};
  c.spec.image = d.image_reference();
  if (!d.password_secret.empty()) c.secret_files = secret_files({cat::password_file(d)});
  const std::string port = std::to_string(d.port);
  // The client reads the password from the file inside the shell; the
  // client's own arguments follow as "$@".
  switch (d.kind) {
    case model::DependencyKind::postgres:
      c.spec.cmd = {"sh",
                    "-c",
                    cat::password_from_file(d, "PGPASSWORD") + "exec psql \"$@\"",
                    "psql",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-h",
                    d.name,
                    "-p",
                    port,
                    "-U",
                    d.user,
                    "-d",
                    d.database,
                    "-f",
                    c.seed_path};
      break;
    case model::DependencyKind::mysql:
      c.spec.cmd = {"sh",
                    "-c",
                    cat::password_from_file(d, "MYSQL_PWD") + "exec mysql \"$@\" < " + cat::shell_quote(c.seed_path),
                    "mysql",
                    "-h",
                    d.name,
                    "-P",
                    port,
                    "-u",
                    d.user,
                    d.database};
      break;
    default:
      throw std::logic_error("seed is for postgres and mysql only");
  }
  return c;
}

}  // namespace stackctl::targets::docker
