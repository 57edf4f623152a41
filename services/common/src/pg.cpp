#include "kit/pg.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "kit/log.hpp"

namespace kit::pg {

namespace {
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}
}  // namespace

Error::Error(const std::string& message, std::string sqlstate)
    : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}

std::string Settings::describe() const {
  std::string user, host = "localhost", port = "5432", dbname;
  for (const auto& [key, value] : params) {
    if (key == "user") user = value;
    if (key == "host") host = value;
    if (key == "port") port = value;
    if (key == "dbname") dbname = value;
  }
  if (dbname.find("://") != std::string::npos) {
    // A URL: drop the userinfo, which may hold the password.
    auto scheme = dbname.find("://") + 3;
    auto at = dbname.find('@', scheme);
    return at == std::string::npos ? dbname : dbname.substr(0, scheme) + dbname.substr(at + 1);
  }
  return user + "@" + host + ":" + port + "/" + dbname;
}

Settings settings(Config& config) {
  Settings s;
  if (config.has("DATABASE_URL")) {
    s.params.emplace_back("dbname", config.secret("DATABASE_URL"));
  } else {
    s.params.emplace_back("host", config.required("DB_HOST"));
    s.params.emplace_back("port", std::to_string(config.integer("DB_PORT", 5432, 1, 65535)));
    s.params.emplace_back("dbname", config.required("DB_NAME"));
    s.params.emplace_back("user", config.required("DB_USER"));
    auto password = config.optional("DB_PASSWORD", "");
    if (!password.empty()) s.params.emplace_back("password", password);
    auto sslmode = config.optional("DB_SSLMODE", "prefer");
    static const std::vector<std::string> modes = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (std::find(modes.begin(), modes.end(), sslmode) == modes.end())
      config.problem("DB_SSLMODE",
                     "\"" + sslmode + "\" is not one of disable, allow, prefer, require, verify-ca, verify-full");
    s.params.emplace_back("sslmode", sslmode);
  }
  s.params.emplace_back("connect_timeout", std::to_string(config.integer("DB_CONNECT_TIMEOUT_SECONDS", 5, 1, 300)));
  s.params.emplace_back("application_name", config.optional("DB_APPLICATION_NAME", "stackctl-service"));
  s.pool_size = static_cast<int>(config.integer("DB_POOL_SIZE", s.pool_size, 1, 1000));
  s.migrate_on_start = config.boolean("MIGRATE_ON_START", s.migrate_on_start);
  return s;
}

long long Result::integer(int row, int column) const {
  auto value = text(row, column);
  long long parsed = 0;
  std::from_chars(value.data(), value.data() + value.size(), parsed);
  return parsed;
}

long long Result::affected() const { return std::atoll(PQcmdTuples(result_.get())); }

void CopyWriter::separator() {
  if (row_started_) buffer_ += '\t';
  row_started_ = true;
}

void CopyWriter::field(std::string_view value) {
  separator();
  for (char c : value) {
    switch (c) {
      case '\\':
        buffer_ += "\\\\";
        break;
      case '\t':
        buffer_ += "\\t";
        break;
      case '\n':
        buffer_ += "\\n";
        break;
      case '\r':
        buffer_ += "\\r";
        break;
      default:
        buffer_ += c;
    }
  }
}

void CopyWriter::null_field() {
  separator();
  buffer_ += "\\N";
}

void CopyWriter::end_row() {
  buffer_ += '\n';
  row_started_ = false;
  if (buffer_.size() >= (1 << 16)) flush();
}

void CopyWriter::rows(std::string_view text) {
  flush();
  if (PQputCopyData(conn_, text.data(), static_cast<int>(text.size())) != 1)
    throw Error("COPY failed: " + trimmed(PQerrorMessage(conn_)));
}

void CopyWriter::flush() {
  if (buffer_.empty()) return;
  if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
    throw Error("COPY failed: " + trimmed(PQerrorMessage(conn_)));
  buffer_.clear();
}

Connection::Connection(const Settings& settings) : conn_(nullptr, PQfinish) {
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : settings.params) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_.reset(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK)
    throw Error("cannot connect to PostgreSQL at " + settings.describe() + ": " +
                trimmed(conn_ ? PQerrorMessage(conn_.get()) : "out of memory"));
  // Server notices go to the structured log, not raw to stderr.
  PQsetNoticeProcessor(
      conn_.get(),
      [](void*, const char* message) {
        log::write(log::Level::debug, "postgres_notice", {{"message", trimmed(message)}});
      },
      nullptr);
}

Result Connection::check(PGresult* raw, const std::string& what) {
  Result result(raw);
  auto status = PQresultStatus(raw);
  // An empty query (a migration of comments only) is not an error.
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
      status == PGRES_EMPTY_QUERY)
    return result;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  throw Error(what + ": " + trimmed(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_.get())), state ? state : "");
}

Result Connection::exec(const std::string& sql) { return check(PQexec(conn_.get(), sql.c_str()), "query failed"); }

namespace {
std::vector<const char*> param_pointers(const std::vector<Param>& params) {
  std::vector<const char*> pointers;
  pointers.reserve(params.size());
  for (const auto& p : params) pointers.push_back(p ? p->c_str() : nullptr);
  return pointers;
}
}  // namespace

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
  auto pointers = param_pointers(params);
  return check(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(params.size()), nullptr, pointers.data(),
                            nullptr, nullptr, 0),
               "query failed");
}

Result Connection::prepared(const std::string& name, const std::string& sql, const std::vector<Param>& params) {
  if (!prepared_.count(name)) {
    check(PQprepare(conn_.get(), name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr),
          "prepare " + name + " failed");
    prepared_.insert(name);
  }
  auto pointers = param_pointers(params);
  return check(
      PQexecPrepared(conn_.get(), name.c_str(), static_cast<int>(params.size()), pointers.data(), nullptr, nullptr, 0),
      "query " + name + " failed");
}

long long Connection::copy_in(const std::string& copy_sql, const std::function<void(CopyWriter&)>& write) {
  check(PQexec(conn_.get(), copy_sql.c_str()), "COPY failed");
  CopyWriter writer(conn_.get());
  try {
    write(writer);
    writer.flush();
  } catch (...) {
    PQputCopyEnd(conn_.get(), "aborted by the service");
    Result(PQgetResult(conn_.get()));
    while (PGresult* rest = PQgetResult(conn_.get())) PQclear(rest);
    throw;
  }
  if (PQputCopyEnd(conn_.get(), nullptr) != 1) throw Error("COPY failed: " + trimmed(PQerrorMessage(conn_.get())));
  Result result = check(PQgetResult(conn_.get()), "COPY failed");
  while (PGresult* rest = PQgetResult(conn_.get())) PQclear(rest);
  return result.affected();
}

Transaction::Transaction(Connection& conn, const std::string& begin) : conn_(conn) { conn_.exec(begin); }

Transaction::~Transaction() {
  if (done_ || !conn_.healthy()) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const std::exception& e) {
    log::warn("rollback_failed", {{"error", e.what()}});
  }
}

void Transaction::commit() {
  conn_.exec("COMMIT");
  done_ = true;
}

Pool::Pool(Settings settings) : settings_(std::move(settings)) {}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->release(std::move(conn_));
}

Pool::Lease Pool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (idle_.empty() && open_ >= settings_.pool_size) {
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= settings_.pool_size)
      throw Error("no database connection free within " + std::to_string(timeout.count()) + " ms");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Connection>(settings_));
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  // A broken connection, or one left inside a transaction by an
  // interrupted request, is closed instead of reused.
  if (conn->healthy() && PQtransactionStatus(conn->raw()) == PQTRANS_IDLE)
    idle_.push_back(std::move(conn));
  else
    --open_;
  available_.notify_one();
}

void Pool::ping() {
  // A pooled connection the server has dropped fails once; the retry opens
  // a fresh one, so the answer is about the server, not a stale socket.
  for (int attempt = 0;; ++attempt) {
    auto conn = acquire(std::chrono::seconds(2));
    try {
      conn->exec("SELECT 1");
      return;
    } catch (const Error&) {
      if (attempt > 0 || conn->healthy()) throw;
    }
  }
}

std::string array_literal(const std::vector<Param>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string checksum(std::string_view text) {
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

int migrate(Connection& conn, const std::vector<Migration>& migrations) {
  auto ordered = migrations;
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  // One lock id for every service's migrations in this database.
  conn.exec("SELECT pg_advisory_lock(7311280)");
  int applied = 0;
  try {
    conn.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
        "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    for (const auto& m : ordered) {
      auto sum = checksum(m.sql);
      auto recorded =
          conn.exec("SELECT checksum FROM schema_migrations WHERE version = $1", {std::to_string(m.version)});
      if (recorded.rows() > 0) {
        if (recorded.text(0, 0) != sum)
          throw Error("migration " + std::to_string(m.version) + " (" + m.name +
                      ") was changed after it was applied; add a new migration instead");
        continue;
      }
      Transaction tx(conn);
      conn.exec(m.sql);
      conn.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                {std::to_string(m.version), m.name, sum});
      tx.commit();
      log::info("migration_applied", {{"version", m.version}, {"name", m.name}});
      ++applied;
    }
  } catch (...) {
    if (conn.healthy()) conn.exec("SELECT pg_advisory_unlock(7311280)");
    throw;
  }
  conn.exec("SELECT pg_advisory_unlock(7311280)");
  return applied;
}

}  // namespace kit::pg
