#include "test_database.hpp"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace test {

namespace {
std::map<std::string, std::string> server_env() {
  const char* path = std::getenv("STACKCTL_TEST_PG_ENV");
  if (!path)
    throw std::runtime_error("STACKCTL_TEST_PG_ENV is not set; run through ctest (tests/services/postgres.sh)");
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path + "; did postgres.sh start?");
  std::map<std::string, std::string> env;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

kit::pg::Settings settings_for(const std::string& dbname) {
  auto env = server_env();
  kit::pg::Settings s;
  s.params = {{"host", env["PGHOST"]},         {"port", env["PGPORT"]}, {"user", env["PGUSER"]},
              {"password", env["PGPASSWORD"]}, {"dbname", dbname},      {"connect_timeout", "5"}};
  return s;
}
}  // namespace

kit::pg::Settings TestDatabase::admin_settings() { return settings_for("postgres"); }

TestDatabase::TestDatabase(const std::string& prefix) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  name_ = "t_" + prefix + "_" + std::to_string(randombytes_uniform(1000000000));
  kit::pg::Connection admin(admin_settings());
  admin.exec("CREATE DATABASE " + name_);
  conn_ = std::make_unique<kit::pg::Connection>(settings());
}

TestDatabase::~TestDatabase() {
  conn_.reset();
  try {
    kit::pg::Connection admin(admin_settings());
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

void TestDatabase::admin(const std::string& name, std::string sql) {
  for (auto at = sql.find("{}"); at != std::string::npos; at = sql.find("{}", at + name.size()))
    sql.replace(at, 2, name);
  kit::pg::Connection conn(admin_settings());
  conn.exec(sql);
}

kit::pg::Settings TestDatabase::settings() const { return settings_for(name_); }

kit::pg::Connection& TestDatabase::conn() { return *conn_; }

Env TestDatabase::service_env() const {
  auto env = server_env();
  return {{"DB_HOST", env["PGHOST"]}, {"DB_PORT", env["PGPORT"]},         {"DB_NAME", name_},
          {"DB_USER", env["PGUSER"]}, {"DB_PASSWORD", env["PGPASSWORD"]}, {"DB_SSLMODE", "disable"}};
}

}  // namespace test
