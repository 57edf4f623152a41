// GET /rooms/{room}/items[?sku=X][&status=present|missing]: the tagged
// items of a room, by default those still there (present).
#pragma once

#include "database.hpp"
#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace inventory {

class ItemsHandler {
 public:
  ItemsHandler(kit::pg::Pool& pool, const Options& options) : pool_(pool), options_(options) {}
  void operator()(const kit::Request& req, kit::Response& res) const;

 private:
  kit::pg::Pool& pool_;
  Options options_;
};

}  // namespace inventory
