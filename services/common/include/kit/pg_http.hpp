// Where the HTTP side meets PostgreSQL.
#pragma once

#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace kit::pg {

// A pooled connection for a request handler, or kit::HttpError 503
// ("database unavailable", the cause logged) when none can be had.
Pool::Lease lease(Pool& pool);

}  // namespace kit::pg
