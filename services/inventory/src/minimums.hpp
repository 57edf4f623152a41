// PUT and GET /rooms/{room}/minimums: the minimum quantity of each SKU a
// room should hold, as {"SKU": min_quantity}. PUT upserts the SKUs it
// names (null deletes one) and answers with the room's full minimums.
#pragma once

#include "database.hpp"
#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace inventory {

void get_minimums(kit::pg::Pool& pool, const kit::Request& req, kit::Response& res);
void put_minimums(kit::pg::Pool& pool, const kit::Request& req, kit::Response& res);

}  // namespace inventory
