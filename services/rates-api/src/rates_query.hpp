// GET /rates: the average price per day between two places.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "dates.hpp"
#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace rates {

struct RatesRequest {
  Date from;
  Date to;
  std::string origin;       // a port code or a region slug
  std::string destination;  // likewise
};

// Validates the query string; throws kit::HttpError 400 naming the
// parameter. Origins may be given as orig_code or origin (synonyms, both
// taking a port code or region slug), destinations as dest_code or
// destination.
RatesRequest parse_rates_request(const kit::Request& req, int max_range_days);

// The response body, {"rates": [{"count", "day", "price"}, ...]}: one entry
// per day, newest first; price is null below 3 prices. Throws
// kit::HttpError 400 when a place is neither a port code nor a region slug.
std::string query_rates(kit::pg::Connection& conn, const RatesRequest& request);

// The SQL query_rates runs, with $1 date_from, $2 date_to, $3 origin,
// $4 destination (the benchmark runs the same text under pgbench).
extern const char* const rates_sql;

}  // namespace rates
