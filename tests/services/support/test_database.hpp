// A database of its own for each test, on the PostgreSQL server that
// tests/services/postgres.sh started (its env file is named by
// STACKCTL_TEST_PG_ENV). Dropped again when the object goes away.
#pragma once

#include <memory>
#include <string>

#include "kit/pg.hpp"
#include "service_process.hpp"

namespace test {

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& prefix);
  ~TestDatabase();

  const std::string& name() const { return name_; }
  // DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD for a service.
  Env service_env() const;
  kit::pg::Settings settings() const;
  kit::pg::Connection& conn();
  // The server's superuser connection (to the maintenance database).
  static kit::pg::Settings admin_settings();
  // Runs `sql` there with every {} replaced by `name`.
  static void admin(const std::string& name, std::string sql);

 private:
  std::string name_;
  std::unique_ptr<kit::pg::Connection> conn_;
};

}  // namespace test
