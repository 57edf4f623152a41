// PostgreSQL through libpq: settings from the environment, a connection
// pool, parameterised queries, COPY and versioned migrations.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kit/config.hpp"

namespace kit::pg {

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, std::string sqlstate = {});
  // The five-character SQLSTATE, e.g. "23503" for a foreign key violation.
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// Connection parameters as libpq keywords; the password is never printed.
struct Settings {
  std::vector<std::pair<std::string, std::string>> params;
  int pool_size = 8;
  bool migrate_on_start = true;
  std::string describe() const;  // "user@host:port/dbname"
};

// DATABASE_URL, or DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD,
// DB_SSLMODE; DB_POOL_SIZE, DB_CONNECT_TIMEOUT_SECONDS and
// MIGRATE_ON_START in both cases.
Settings settings(Config& config);

class Result {
 public:
  explicit Result(PGresult* result) : result_(result, PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  bool null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
  }
  long long integer(int row, int column) const;
  // Rows changed by an INSERT/UPDATE/DELETE/COPY.
  long long affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

using Param = std::optional<std::string>;  // nullopt is SQL NULL

// Rows of a COPY ... FROM STDIN in text format.
class CopyWriter {
 public:
  explicit CopyWriter(PGconn* conn) : conn_(conn) {}
  // Appends one field; call end_row() after the last field of a row.
  void field(std::string_view value);
  void null_field();
  void end_row();
  // Whole rows already in COPY text format, each ending in a newline.
  void rows(std::string_view text);
  void flush();

 private:
  void separator();
  PGconn* conn_;
  std::string buffer_;
  bool row_started_ = false;
};

class Connection {
 public:
  explicit Connection(const Settings& settings);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result exec(const std::string& sql);
  Result exec(const std::string& sql, const std::vector<Param>& params);
  // Prepared once per connection under `name`, then executed.
  Result prepared(const std::string& name, const std::string& sql, const std::vector<Param>& params);
  // Runs `copy_sql` (a COPY ... FROM STDIN) and streams the rows `write` produces.
  long long copy_in(const std::string& copy_sql, const std::function<void(CopyWriter&)>& write);

  bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  PGconn* raw() { return conn_.get(); }

 private:
  Result check(PGresult* result, const std::string& what);
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
  std::set<std::string> prepared_;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Connection& conn, const std::string& begin = "BEGIN");
  ~Transaction();
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

class Pool {
 public:
  explicit Pool(Settings settings);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Waits up to `timeout` for a free connection, opening one if the pool
  // is not full. Throws Error on timeout or when the server is unreachable.
  Lease acquire(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // SELECT 1 on a pooled connection: a readiness check.
  void ping();
  const Settings& settings() const { return settings_; }

 private:
  void release(std::unique_ptr<Connection> conn);
  Settings settings_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Applies the migrations not yet recorded in schema_migrations, in version
// order, each in its own transaction, under an advisory lock so replicas
// starting together apply each once. A recorded migration whose text has
// changed since is an error. Returns how many were applied.
int migrate(Connection& conn, const std::vector<Migration>& migrations);

// A text[] literal, e.g. {"a","b\"c",NULL}: many values as one $n::text[]
// parameter (unnest($1::text[]) in the query).
std::string array_literal(const std::vector<Param>& values);

// Hex BLAKE2b-256 of `text`: migration and seed checksums.
std::string checksum(std::string_view text);

}  // namespace kit::pg
