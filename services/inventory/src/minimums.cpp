#include "minimums.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "text.hpp"

namespace inventory {

namespace {

constexpr std::int64_t max_minimum = std::numeric_limits<std::int32_t>::max();

nlohmann::json room_minimums(kit::pg::Connection& conn, const std::string& room) {
  auto rows =
      conn.prepared("minimums", "SELECT sku, min_quantity FROM room_minimums WHERE room = $1 ORDER BY sku", {room});
  nlohmann::json minimums = nlohmann::json::object();
  for (int i = 0; i < rows.rows(); ++i) minimums[std::string(rows.text(i, 0))] = rows.integer(i, 1);
  return minimums;
}

// Why `value` is not a minimum quantity (or null), or empty.
std::string quantity_problem(const nlohmann::json& value) {
  if (value.is_null()) return {};
  if (!value.is_number_integer()) return "must be a non-negative integer, or null to delete";
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(max_minimum))
      return "must be at most " + std::to_string(max_minimum);
    return {};
  }
  if (value.get<std::int64_t>() < 0) return "must be a non-negative integer, or null to delete";
  return value.get<std::int64_t>() > max_minimum ? "must be at most " + std::to_string(max_minimum) : "";
}

}  // namespace

void get_minimums(kit::pg::Pool& pool, const kit::Request& req, kit::Response& res) {
  auto room = room_param(req);
  auto conn = lease(pool);
  kit::send_json(res, 200, {{"room", room}, {"minimums", room_minimums(*conn, room)}});
}

void put_minimums(kit::pg::Pool& pool, const kit::Request& req, kit::Response& res) {
  auto room = room_param(req);
  auto body = kit::parse_json_body(req);
  if (!body.is_object()) throw kit::HttpError(400, "the body must be a JSON object {\"SKU\": min_quantity, ...}");

  std::vector<std::optional<std::string>> upsert_skus, quantities, delete_skus;
  nlohmann::json invalid = nlohmann::json::array();
  std::size_t invalid_count = 0;
  for (const auto& [sku, value] : body.items()) {
    auto problem = id_problem(sku);
    if (!problem.empty()) problem = "SKU " + problem;
    if (problem.empty()) problem = quantity_problem(value);
    if (!problem.empty()) {
      if (invalid.size() < max_reported_invalid) invalid.push_back({{"sku", sku}, {"error", problem}});
      ++invalid_count;
    } else if (value.is_null()) {
      delete_skus.emplace_back(sku);
    } else {
      upsert_skus.emplace_back(sku);
      quantities.emplace_back(value.dump());
    }
  }
  if (invalid_count)
    throw kit::HttpError(422, std::to_string(invalid_count) + " invalid minimum" + (invalid_count == 1 ? "" : "s"),
                         {{"invalid", invalid}, {"invalid_count", invalid_count}});

  auto conn = lease(pool);
  kit::pg::Transaction tx(*conn);
  if (!upsert_skus.empty())
    conn->prepared("upsert_minimums",
                   "INSERT INTO room_minimums (room, sku, min_quantity) "
                   "SELECT $1, sku, quantity FROM unnest($2::text[], $3::integer[]) AS m(sku, quantity) "
                   "ON CONFLICT (room, sku) DO UPDATE SET min_quantity = excluded.min_quantity",
                   {room, kit::pg::array_literal(upsert_skus), kit::pg::array_literal(quantities)});
  if (!delete_skus.empty())
    conn->prepared("delete_minimums", "DELETE FROM room_minimums WHERE room = $1 AND sku = ANY($2::text[])",
                   {room, kit::pg::array_literal(delete_skus)});
  auto minimums = room_minimums(*conn, room);
  tx.commit();
  kit::send_json(res, 200, {{"room", room}, {"minimums", minimums}});
}

}  // namespace inventory
