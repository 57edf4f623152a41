#include "targets/docker/dependency_container.hpp"

#include <filesystem>
#include <stdexcept>

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace {

sd::HealthCheck shell_check(const std::string& command, int start_period_seconds) {
  sd::HealthCheck h;
  h.test = {"CMD-SHELL", command};
  h.interval = std::chrono::seconds(2);
  h.timeout = std::chrono::seconds(5);
  h.start_period = std::chrono::seconds(start_period_seconds);
  h.retries = 3;
  return h;
}

void postgres(const model::Dependency& d, ContainerPlan& c) {
  c.spec.image = d.image_reference();
  // A subfolder, so a volume's lost+found never makes initdb refuse it.
  c.spec.env["PGDATA"] = "/var/lib/postgresql/data/pgdata";
  c.spec.env["PGPORT"] = std::to_string(d.port);
  c.spec.env["POSTGRES_DB"] = d.database;
  c.spec.env["POSTGRES_USER"] = d.user;
  if (!d.password_secret.empty()) c.spec.env["POSTGRES_PASSWORD"] = secret_placeholder(d.password_secret);
  c.spec.mounts.push_back({sd::MountSpec::Type::volume, "", "/var/lib/postgresql/data", false});
  // The entrypoint's init server listens on the unix socket only.
  c.spec.health_check = shell_check("pg_isready -q -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"", 60);
}

void mysql(const model::Dependency& d, ContainerPlan& c) {
  c.spec.image = d.image_reference();
  c.spec.cmd = {"--port=" + std::to_string(d.port)};
  c.spec.env["MYSQL_DATABASE"] = d.database;
  c.spec.env["MYSQL_USER"] = d.user;
  if (!d.password_secret.empty()) c.spec.env["MYSQL_PASSWORD"] = secret_placeholder(d.password_secret);
  c.spec.env["MYSQL_RANDOM_ROOT_PASSWORD"] = "yes";  // nothing here needs root's password
  c.spec.mounts.push_back({sd::MountSpec::Type::volume, "", "/var/lib/mysql", false});
  // A query as the application's user: `mysqladmin ping` also succeeds on
  // "access denied". The init server runs with --skip-networking.
  c.spec.health_check = shell_check("MYSQL_PWD=\"$MYSQL_PASSWORD\" mysql -h 127.0.0.1 -P " + std::to_string(d.port) +
                                        " -u \"$MYSQL_USER\" -e 'SELECT 1' \"$MYSQL_DATABASE\" >/dev/null",
                                    120);
}

void redis(const model::Dependency& d, ContainerPlan& c) {
  c.spec.image = d.image_reference();
  // Like the official image's defaults: every address, no protected mode.
  std::string config = "printf 'port %s\\nbind * -::*\\nprotected-mode no\\ndir /data\\nappendonly yes\\n' " +
                       std::to_string(d.port);
  if (!d.password_secret.empty()) {
    c.spec.env["REDIS_PASSWORD"] = secret_placeholder(d.password_secret);
    // The password reaches redis-server through its stdin, never its argv.
    config = "{ " + config + "; printf 'requirepass %s\\n' \"$REDIS_PASSWORD\"; }";
  }
  c.spec.cmd = {"sh", "-c", config + " | exec redis-server -"};
  c.spec.mounts.push_back({sd::MountSpec::Type::volume, "", "/data", false});
  c.spec.working_dir = "/data";
  c.spec.health_check = shell_check("REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli --no-auth-warning -h 127.0.0.1 -p " +
                                        std::to_string(d.port) + " ping | grep -q PONG",
                                    30);
}

void activemq(const model::Dependency& d, ContainerPlan& c) {
  c.spec.image = d.image_reference();
  if (!d.user.empty()) c.spec.env["ACTIVEMQ_CONNECTION_USER"] = d.user;
  if (!d.password_secret.empty())
    c.spec.env["ACTIVEMQ_CONNECTION_PASSWORD"] = secret_placeholder(d.password_secret);
  c.spec.mounts.push_back({sd::MountSpec::Type::volume, "", "/opt/apache-activemq/data", false});
  c.spec.health_check =
      shell_check("timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(d.port) + "'", 120);
}

}  // namespace

std::string secret_placeholder(const std::string& name) { return "${secret:" + name + "}"; }

ContainerPlan dependency_container(const model::Dependency& d, const std::string& volume) {
  ContainerPlan c;
  c.component = d.name;
  c.role = Role::dependency;
  c.spec.network_aliases = {d.name};
  c.spec.restart = sd::RestartPolicy::unless_stopped;
  switch (d.kind) {
    case model::DependencyKind::postgres:
      postgres(d, c);
      break;
    case model::DependencyKind::mysql:
      mysql(d, c);
      break;
    case model::DependencyKind::redis:
      redis(d, c);
      break;
    case model::DependencyKind::activemq:
      activemq(d, c);
      break;
    case model::DependencyKind::lmdb_volume:
      throw std::logic_error("an lmdb volume has no container");
  }
  for (auto& m : c.spec.mounts) m.source = volume;
  c.ready_timeout_seconds = d.kind == model::DependencyKind::activemq ? 240 : 180;
  return c;
}

ContainerPlan dependency_client_seed(const model::Dependency& d) {
  ContainerPlan c;
  c.component = d.name;
  c.role = Role::seed;
  c.seed_file = d.seed->sql;
  c.seed_path = "/seed/" + std::filesystem::path(d.seed->sql).filename().string();
  c.after = {"dependency/" + d.name};
  const std::string port = std::to_string(d.port);
  switch (d.kind) {
    case model::DependencyKind::postgres:
      c.spec.image = d.image_reference();
      if (!d.password_secret.empty()) c.spec.env["PGPASSWORD"] = secret_placeholder(d.password_secret);
      c.spec.cmd = {"psql", "-v",  "ON_ERROR_STOP=1", "--single-transaction", "-h", d.name, "-p", port,
                    "-U",   d.user, "-d", d.database, "-f", c.seed_path};
      break;
    case model::DependencyKind::mysql:
      c.spec.image = d.image_reference();
      if (!d.password_secret.empty()) c.spec.env["MYSQL_PWD"] = secret_placeholder(d.password_secret);
      c.spec.env["SEED_FILE"] = c.seed_path;
      c.spec.cmd = {"sh", "-c",
                    "exec mysql -h " + d.name + " -P " + port + " -u " + d.user + " " + d.database + " < \"$SEED_FILE\""};
      break;
    default:
      throw std::logic_error("seed is for postgres and mysql only");
  }
  return c;
}

}  // namespace stackctl::targets::docker
