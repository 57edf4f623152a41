// Where the HTTP side meets PostgreSQL.
#pragma once

#include <functional>

#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace kit::pg {

// The pool of a service whose state lives in PostgreSQL: the migrations
// applied first (when settings.migrate_on_start), and a "database"
// readiness check on `service`. Throws when the database cannot be reached
// for the migrations, so the process exits and is restarted.
std::unique_ptr<Pool> open_database(Service& service, const Settings& settings,
                                    const std::vector<Migration>& migrations);

// `<service> migrate` for kit::run_main: reads the database settings
// (kit::pg::settings), connects and applies `migrations`; a bad setting is a
// ConfigError (exit 78). `migrations` must outlive the returned function.
std::function<int()> migrate_command(const std::vector<Migration>& migrations);

// A pooled connection for a request handler, or kit::HttpError 503
// ("database unavailable", the cause logged) when none can be had.
Pool::Lease lease(Pool& pool);

}  // namespace kit::pg
