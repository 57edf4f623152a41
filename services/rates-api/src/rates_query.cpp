#include "rates_query.hpp"

namespace rates {

// A region covers its ports and those of every region below it. A place
// that is a port code matches that port; one that is a slug matches the
// ports of the region's subtree.
const char* const rates_sql = R"sql(
WITH RECURSIVE
  origin_regions(slug) AS (
    SELECT slug FROM regions WHERE slug = $3
    UNION SELECT r.slug FROM regions r JOIN origin_regions o ON r.parent_slug = o.slug),
  destination_regions(slug) AS (
    SELECT slug FROM regions WHERE slug = $4
    UNION SELECT r.slug FROM regions r JOIN destination_regions d ON r.parent_slug = d.slug),
  places AS (
    SELECT ARRAY(SELECT code FROM ports WHERE code = $3 OR parent_slug IN (SELECT slug FROM origin_regions)) AS origins,
           ARRAY(SELECT code FROM ports WHERE code = $4 OR parent_slug IN (SELECT slug FROM destination_regions))
             AS destinations),
  lane AS (
    SELECT p.day, count(*) AS prices, avg(p.price)::float8 AS average FROM prices p, places
    WHERE p.orig_code = ANY (places.origins)
      AND p.dest_code = ANY (places.destinations)
      AND p.day BETWEEN $1::date AND $2::date
    GROUP BY p.day),
  days AS (SELECT d::date AS day FROM generate_series($2::date, $1::date, interval '-1 day') AS d)
SELECT to_char(days.day, 'YYYY-MM-DD'),
       coalesce(lane.prices, 0),
       CASE WHEN lane.prices >= 3 THEN lane.average END,
       (SELECT cardinality(origins) FROM places),
       (SELECT cardinality(destinations) FROM places)
FROM days
LEFT JOIN lane ON lane.day = days.day
ORDER BY days.day DESC
)sql";

namespace {

// Port codes (CNGGZ) and region slugs (china_main): letters, digits, _ and -.
bool valid_place(const std::string& place) {
  if (place.empty() || place.size() > 64) return false;
  for (unsigned char c : place)
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  return true;
}

std::string one_of(const kit::Request& req, const char* a, const char* b) {
  bool has_a = req.has_param(a), has_b = req.has_param(b);
  if (has_a && has_b) throw kit::HttpError(400, std::string("give ") + a + " or " + b + ", not both");
  if (!has_a && !has_b) throw kit::HttpError(400, std::string(a) + " is required (a port code or region slug)");
  const char* name = has_a ? a : b;
  auto value = req.get_param_value(name);
  if (!valid_place(value))
    throw kit::HttpError(400, std::string(name) + " must be a port code or region slug ([A-Za-z0-9_-], at most 64)");
  return value;
}

Date date_param(const kit::Request& req, const char* name) {
  if (!req.has_param(name)) throw kit::HttpError(400, std::string(name) + " is required (YYYY-MM-DD)");
  if (req.get_param_value_count(name) > 1) throw kit::HttpError(400, std::string(name) + " is given more than once");
  auto date = parse_date(req.get_param_value(name));
  if (!date) throw kit::HttpError(400, std::string(name) + " must be a calendar date as YYYY-MM-DD");
  return *date;
}

}  // namespace

RatesRequest parse_rates_request(const kit::Request& req, int max_range_days) {
  RatesRequest request{date_param(req, "date_from"), date_param(req, "date_to"), one_of(req, "orig_code", "origin"),
                       one_of(req, "dest_code", "destination")};
  auto days = day_number(request.to) - day_number(request.from) + 1;
  if (days < 1) throw kit::HttpError(400, "date_from is after date_to");
  if (days > max_range_days)
    throw kit::HttpError(400, "the range covers " + std::to_string(days) + " days; at most " +
                                  std::to_string(max_range_days) + " are allowed");
  return request;
}

std::string query_rates(kit::pg::Connection& conn, const RatesRequest& request) {
  auto result = conn.prepared(
      "rates", rates_sql, {format_date(request.from), format_date(request.to), request.origin, request.destination});
  if (result.rows() > 0 && result.integer(0, 3) == 0)
    throw kit::HttpError(400, "unknown origin: " + request.origin + " is neither a port code nor a region slug");
  if (result.rows() > 0 && result.integer(0, 4) == 0)
    throw kit::HttpError(400,
                         "unknown destination: " + request.destination + " is neither a port code nor a region slug");
  // Written directly rather than through a JSON tree: this is the hot
  // path, and every value is a number or a date.
  std::string body = "{\"rates\":[";
  body.reserve(16 + static_cast<std::size_t>(result.rows()) * 56);
  for (int row = 0; row < result.rows(); ++row) {
    if (row > 0) body += ',';
    body += "{\"count\":";
    body += result.text(row, 1);
    body += ",\"day\":\"";
    body += result.text(row, 0);
    body += "\",\"price\":";
    if (result.null(row, 2)) {
      body += "null";
    } else {
      // float8 text from PostgreSQL 12+ is already the shortest form that
      // reads back as the same double.
      body += result.text(row, 2);
    }
    body += '}';
  }
  body += "]}";
  return body;
}

}  // namespace rates
