#include "batch.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "dates.hpp"
#include "kit/log.hpp"
#include "kit/pg_http.hpp"

namespace rates {

namespace {

constexpr std::size_t max_reported = 100;

struct Row {
  const std::string* orig;
  const std::string* dest;
  const std::string* day;
  std::int64_t price;
};

// Why `item` is not a valid row, or empty. On success fills `row`.
std::string check_row(const nlohmann::json& item, const std::unordered_set<std::string>& ports, Row& row) {
  if (!item.is_object()) return "must be an object {orig_code, dest_code, day, price}";
  static const char* const fields[] = {"orig_code", "dest_code", "day", "price"};
  for (auto it = item.begin(); it != item.end(); ++it) {
    bool known = false;
    for (const char* f : fields) known = known || it.key() == f;
    if (!known) return "unknown field " + it.key();
  }
  for (const char* f : fields)
    if (!item.contains(f)) return std::string("missing ") + f;
  const auto& orig = item["orig_code"];
  const auto& dest = item["dest_code"];
  const auto& day = item["day"];
  const auto& price = item["price"];
  if (!orig.is_string() || !ports.count(orig.get_ref<const std::string&>())) return "orig_code: unknown port";
  if (!dest.is_string() || !ports.count(dest.get_ref<const std::string&>())) return "dest_code: unknown port";
  if (!day.is_string() || !parse_date(day.get_ref<const std::string&>())) return "day: not a date as YYYY-MM-DD";
  if (!price.is_number_integer()) return "price: must be a positive integer";
  auto value = price.is_number_unsigned()
                   ? static_cast<std::int64_t>(std::min<std::uint64_t>(price.get<std::uint64_t>(), INT64_MAX))
                   : price.get<std::int64_t>();
  if (value <= 0 || value > INT32_MAX) return "price: must be a positive integer below 2^31";
  row = Row{&orig.get_ref<const std::string&>(), &dest.get_ref<const std::string&>(),
            &day.get_ref<const std::string&>(), value};
  return {};
}

std::string idempotency_key(const kit::Request& req) {
  if (!req.has_header("Idempotency-Key")) return {};
  auto key = req.get_header_value("Idempotency-Key");
  bool printable = !key.empty() && key.size() <= 255;
  for (unsigned char c : key) printable = printable && c > 0x20 && c < 0x7f;
  if (!printable) throw kit::HttpError(400, "Idempotency-Key must be 1 to 255 visible ASCII characters");
  return key;
}

}  // namespace

BatchHandler::BatchHandler(kit::pg::Pool& pool, kit::Metrics& metrics, BatchOptions options)
    : pool_(pool),
      options_(options),
      rows_(metrics.counter("rates_batch_rows_total", "Price rows stored by POST /prices/batch.")),
      batches_(metrics.counter("rates_batches_total", "Batches by outcome (stored, replayed, rejected).")) {}

void BatchHandler::operator()(const kit::Request& req, kit::Response& res) {
  auto key = idempotency_key(req);
  auto body = kit::parse_json_body(req);
  if (!body.is_array())
    throw kit::HttpError(400, "the body must be a JSON array of {orig_code, dest_code, day, price}");
  if (body.size() > options_.max_rows)
    throw kit::HttpError(413, "the batch has " + std::to_string(body.size()) + " rows; at most " +
                                  std::to_string(options_.max_rows) + " are allowed");

  auto conn = kit::pg::lease(pool_);
  std::unordered_set<std::string> ports;
  auto port_rows = conn->prepared("port_codes", "SELECT code FROM ports", {});
  for (int i = 0; i < port_rows.rows(); ++i) ports.emplace(port_rows.text(i, 0));

  std::vector<Row> rows(body.size());
  auto invalid = nlohmann::json::array();
  std::size_t invalid_count = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    auto problem = check_row(body[i], ports, rows[i]);
    if (problem.empty()) continue;
    if (++invalid_count <= max_reported) invalid.push_back({{"index", i}, {"error", problem}});
  }
  if (invalid_count > 0) {
    batches_.add({{"outcome", "rejected"}});
    kit::send_json(res, 422,
                   {{"error", std::to_string(invalid_count) + " of " + std::to_string(body.size()) +
                                  " rows are invalid; nothing was stored"},
                    {"invalid_count", invalid_count},
                    {"invalid", invalid}});
    return;
  }

  kit::pg::Transaction tx(*conn);
  if (!key.empty()) {
    auto hash = kit::pg::checksum(req.body);
    auto claimed = conn->prepared("claim_key",
                                  "INSERT INTO price_batches (idempotency_key, request_hash, rows) VALUES ($1, $2, $3) "
                                  "ON CONFLICT DO NOTHING",
                                  {key, hash, std::to_string(rows.size())});
    if (claimed.affected() == 0) {
      // Stored before (or by a concurrent request that has committed since).
      auto earlier =
          conn->prepared("find_key", "SELECT request_hash, rows FROM price_batches WHERE idempotency_key = $1", {key});
      if (earlier.rows() == 0 || earlier.text(0, 0) != hash)
        throw kit::HttpError(422, "Idempotency-Key " + key + " was already used for a different batch");
      batches_.add({{"outcome", "replayed"}});
      res.set_header("Idempotent-Replayed", "true");
      kit::send_json(res, 201, {{"inserted", earlier.integer(0, 1)}});
      return;
    }
  }
  auto inserted =
      conn->copy_in("COPY prices (orig_code, dest_code, day, price) FROM STDIN", [&](kit::pg::CopyWriter& w) {
        for (const auto& row : rows) {
          w.field(*row.orig);
          w.field(*row.dest);
          w.field(*row.day);
          w.field(std::to_string(row.price));
          w.end_row();
        }
      });
  tx.commit();
  rows_.add({}, static_cast<double>(inserted));
  batches_.add({{"outcome", "stored"}});
  kit::log::info("batch_stored", {{"rows", inserted}, {"idempotency_key", key}});
  kit::send_json(res, 201, {{"inserted", inserted}});
}

}  // namespace rates
