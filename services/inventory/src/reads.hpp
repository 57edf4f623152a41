// POST /reads: a reader's batch of RFID reads, validated whole, then stored
// in one transaction: every read appended to `reads`, and `items` moved to
// each tag's newest event (an older read never overwrites a newer one).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "database.hpp"
#include "kit/http.hpp"
#include "kit/metrics.hpp"
#include "kit/pg.hpp"
#include "timestamps.hpp"

namespace inventory {

struct Read {
  std::string_view room, tag, sku;  // views into the request's JSON
  bool removed = false;
  Micros at = 0;
};

struct InvalidRead {
  std::size_t index;
  std::string error;
};

struct CheckedBatch {
  std::vector<Read> reads;           // when every row is valid
  std::vector<InvalidRead> invalid;  // the first max_reported_invalid
  std::size_t invalid_count = 0;
};

// Checks every element of the JSON array `body`. `now` is the server's
// clock; a read timestamped more than `max_skew_seconds` after it is invalid.
CheckedBatch check_reads(const nlohmann::json& body, Micros now, std::int64_t max_skew_seconds);

// Appends the reads and updates `items`, in one transaction.
void store_reads(kit::pg::Connection& conn, const std::vector<Read>& reads);

class ReadsHandler {
 public:
  ReadsHandler(kit::pg::Pool& pool, kit::Metrics& metrics, const Options& options);
  void operator()(const kit::Request& req, kit::Response& res);

 private:
  kit::pg::Pool& pool_;
  Options options_;
  kit::Counter& ingested_;
  kit::Counter& batches_;
  kit::Counter& rejected_reads_;
};

}  // namespace inventory
