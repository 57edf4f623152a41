#include "kit/pg_http.hpp"

#include "kit/log.hpp"

namespace kit::pg {

Pool::Lease lease(Pool& pool) {
  try {
    return pool.acquire();
  } catch (const Error& e) {
    log::error("database_unavailable", {{"error", e.what()}});
    throw HttpError(503, "database unavailable");
  }
}

}  // namespace kit::pg
