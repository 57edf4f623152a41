#include "kit/pg_http.hpp"

#include "kit/log.hpp"

namespace kit::pg {

std::unique_ptr<Pool> open_database(Service& service, const Settings& settings,
                                    const std::vector<Migration>& migrations) {
  auto pool = std::make_unique<Pool>(settings);
  if (settings.migrate_on_start) {
    auto conn = pool->acquire(std::chrono::seconds(30));
    migrate(*conn, migrations);
  }
  service.readiness_check("database", [raw = pool.get()] { raw->ping(); });
  return pool;
}

std::function<int()> migrate_command(const std::vector<Migration>& migrations) {
  return [&migrations] {
    Config config;
    auto db = settings(config);
    config.finish();
    Connection conn(db);
    return migrate(conn, migrations);
  };
}

Pool::Lease lease(Pool& pool) {
  try {
    return pool.acquire();
  } catch (const Error& e) {
    log::error("database_unavailable", {{"error", e.what()}});
    throw HttpError(503, "database unavailable");
  }
}

}  // namespace kit::pg
