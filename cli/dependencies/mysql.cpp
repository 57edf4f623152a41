// mysql: the official image reads the application user's password from
// MYSQL_PASSWORD_FILE; root gets a random password nobody needs, reachable
// from inside the container only (MYSQL_ROOT_HOST=localhost). When the
// application's user is root itself, root's password is the secret
// (MYSQL_ROOT_PASSWORD_FILE). Readiness is a query as that user over TCP:
// `mysqladmin ping` also succeeds on "access denied", and the entrypoint's
// init server runs with --skip-networking.
#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {
namespace {

/// `tool` (mysql, mysqldump) as the application's user over TCP, the password from its file.
std::string client(const model::Dependency& d, const std::string& tool) {
  return password_from_file(d, "MYSQL_PWD") + "exec " + tool + " -h 127.0.0.1 -P " + std::to_string(d.port) + " -u " +
         shell_quote(d.user);
}

}  // namespace

Server mysql(const model::Dependency& d) {
  Server s;
  s.port_name = "mysql";
  s.data_path = "/var/lib/mysql";
  s.scratch = {{"run", "/var/run/mysqld"}, {"tmp", "/tmp"}};
  s.args = {"--port=" + std::to_string(d.port)};
  if (!d.database.empty()) s.env.emplace_back("MYSQL_DATABASE", d.database);
  const std::string password = d.password_secret.empty() ? "" : secret_path(password_file(d));
  if (d.user == "root") {
    if (!password.empty()) s.env.emplace_back("MYSQL_ROOT_PASSWORD_FILE", password);
  } else {
    s.env.emplace_back("MYSQL_RANDOM_ROOT_PASSWORD", "yes");
    s.env.emplace_back("MYSQL_ROOT_HOST", "localhost");
    if (!d.user.empty()) s.env.emplace_back("MYSQL_USER", d.user);
    if (!password.empty()) s.env.emplace_back("MYSQL_PASSWORD_FILE", password);
  }
  s.readiness = {"sh", "-c", client(d, "mysql") + " -e 'SELECT 1' " + shell_quote(d.database) + " >/dev/null"};
  s.start_seconds = 120;
  s.backup = {{"sh", "-c", client(d, "mysqldump") + " --single-transaction --routines " + shell_quote(d.database)},
              "sql"};
  return s;
}

}  // namespace stackctl::dependencies
