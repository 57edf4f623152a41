// postgres: the official image reads its password from POSTGRES_PASSWORD_FILE.
// Readiness is a query over TCP as the application's user, so it fails while
// the entrypoint's init server (unix socket only) runs, and on bad credentials.
#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {
namespace {

/// `tool` (psql, pg_dump) as the application's user over TCP, the password from its file.
std::string client(const model::Dependency& d, const std::string& tool) {
  return password_from_file(d, "PGPASSWORD") + "exec " + tool + " -h 127.0.0.1 -p " + std::to_string(d.port) + " -U " +
         shell_quote(d.user) + " -d " + shell_quote(d.database);
}

}  // namespace

Server postgres(const model::Dependency& d) {
  Server s;
  s.port_name = "postgres";
  s.data_path = "/var/lib/postgresql/data";
  s.scratch = {{"run", "/var/run/postgresql"}, {"tmp", "/tmp"}};
  // A subfolder, so a volume's lost+found never makes initdb refuse it.
  s.env = {{"PGDATA", "/var/lib/postgresql/data/pgdata"}, {"PGPORT", std::to_string(d.port)}};
  if (!d.database.empty()) s.env.emplace_back("POSTGRES_DB", d.database);
  if (!d.user.empty()) s.env.emplace_back("POSTGRES_USER", d.user);
  if (!d.password_secret.empty()) s.env.emplace_back("POSTGRES_PASSWORD_FILE", secret_path(password_file(d)));
  s.readiness = {"sh", "-c", client(d, "psql") + " -XAtq -c 'SELECT 1' >/dev/null"};
  s.start_seconds = 60;
  s.backup = {{"sh", "-c", client(d, "pg_dump") + " --format=custom"}, "pg_dump-custom"};
  return s;
}

}  // namespace stackctl::dependencies
