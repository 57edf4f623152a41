// GET /rooms/{room}/restock: the SKUs of a room with fewer present items
// than their minimum, SKUs with none present included.
#pragma once

#include "database.hpp"
#include "kit/http.hpp"
#include "kit/pg.hpp"

namespace inventory {

class RestockHandler {
 public:
  RestockHandler(kit::pg::Pool& pool, const Options& options) : pool_(pool), options_(options) {}
  void operator()(const kit::Request& req, kit::Response& res) const;

 private:
  kit::pg::Pool& pool_;
  Options options_;
};

}  // namespace inventory
