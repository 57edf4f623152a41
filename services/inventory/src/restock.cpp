#include "restock.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace inventory {

void RestockHandler::operator()(const kit::Request& req, kit::Response& res) const {
  auto room = room_param(req);
  static const std::string sql =
      "SELECT m.sku, coalesce(p.present, 0), m.min_quantity FROM room_minimums m "
      "LEFT JOIN (SELECT sku, count(*) AS present FROM items WHERE room = $1 AND " +
      present_condition(2) +
      " GROUP BY sku) p ON p.sku = m.sku "
      "WHERE m.room = $1 AND coalesce(p.present, 0) < m.min_quantity ORDER BY m.sku";
  auto conn = lease(pool_);
  auto rows = conn->prepared("restock", sql, {room, std::to_string(options_.window_seconds)});
  nlohmann::json restock = nlohmann::json::array();
  for (int i = 0; i < rows.rows(); ++i) {
    auto present = rows.integer(i, 1), minimum = rows.integer(i, 2);
    restock.push_back(
        {{"sku", rows.text(i, 0)}, {"present", present}, {"minimum", minimum}, {"shortfall", minimum - present}});
  }
  kit::send_json(res, 200, {{"room", room}, {"window_seconds", options_.window_seconds}, {"restock", restock}});
}

}  // namespace inventory
