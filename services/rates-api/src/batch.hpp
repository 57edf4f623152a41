// POST /prices/batch: atomic ingestion of tens of thousands of prices.
//
// The body is a JSON array of {orig_code, dest_code, day, price}. Every row
// is checked before anything is written; one invalid row rejects the batch
// with 422 and the offending indexes. A valid batch goes in through COPY in
// one transaction: all rows or none. An Idempotency-Key header is recorded
// in that transaction, so a retry of a stored batch is answered from the
// record and stores nothing again.
#pragma once

#include <cstddef>

#include "kit/http.hpp"
#include "kit/metrics.hpp"
#include "kit/pg.hpp"

namespace rates {

struct BatchOptions {
  std::size_t max_rows = 200000;
};

class BatchHandler {
 public:
  BatchHandler(kit::pg::Pool& pool, kit::Metrics& metrics, BatchOptions options);
  void operator()(const kit::Request& req, kit::Response& res);

 private:
  kit::pg::Pool& pool_;
  BatchOptions options_;
  kit::Counter& rows_;
  kit::Counter& batches_;
};

}  // namespace rates
