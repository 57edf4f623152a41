#include "items.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "text.hpp"
#include "timestamps.hpp"

namespace inventory {

namespace {

std::string items_sql(const std::string& condition) {
  return "SELECT tag, sku, (extract(epoch FROM last_seen_at) * 1000000)::bigint FROM items "
         "WHERE room = $1 AND ($2::text IS NULL OR sku = $2) AND " +
         condition + " ORDER BY sku, tag";
}

}  // namespace

void ItemsHandler::operator()(const kit::Request& req, kit::Response& res) const {
  auto room = room_param(req);
  std::optional<std::string> sku;
  if (req.has_param("sku")) sku = require_id(req.get_param_value("sku"), "sku");
  std::string status = "present";
  if (req.has_param("status")) {
    status = req.get_param_value("status");
    if (status != "present" && status != "missing")
      throw kit::HttpError(400, "status must be present or missing", {{"status", status}});
  }

  auto conn = lease(pool_);
  auto rows = status == "present" ? conn->prepared("items_present", items_sql(present_condition(3)),
                                                   {room, sku, std::to_string(options_.window_seconds)})
                                  : conn->prepared("items_missing", items_sql(missing_condition(3)),
                                                   {room, sku, std::to_string(options_.window_seconds)});
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < rows.rows(); ++i) {
    items.push_back({{"tag", rows.text(i, 0)},
                     {"sku", rows.text(i, 1)},
                     {"status", status},
                     {"last_seen", format_rfc3339(rows.integer(i, 2))}});
  }
  kit::send_json(res, 200,
                 {{"room", room}, {"window_seconds", options_.window_seconds}, {"status", status}, {"items", items}});
}

}  // namespace inventory
