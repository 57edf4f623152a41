// What every inventory handler shares: its settings, a pooled connection
// (503 when the database is unreachable), the room of the request path and
// the SQL test for an item that is still in its room.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "kit/http.hpp"
#include "kit/pg.hpp"
#include "kit/pg_http.hpp"

namespace inventory {

struct Options {
  // An item not seen for longer is missing rather than present.
  std::int64_t window_seconds = 86400;
  std::size_t max_batch_reads = 50000;
  // A read timestamped more than this far past the server's clock is invalid.
  std::int64_t max_clock_skew_seconds = 300;
};

// A 422 lists at most this many invalid entries (and counts them all).
constexpr std::size_t max_reported_invalid = 100;

using kit::pg::lease;

// The {room} path segment (httplib has already percent-decoded it), checked
// like every other id; HttpError 400 otherwise.
std::string room_param(const kit::Request& req);

// SQL conditions on `items` with the window in seconds as parameter $N:
// present = last event 'seen' within the window; missing = last event
// 'seen' but longer ago. A removed item is neither.
std::string present_condition(int window_param);
std::string missing_condition(int window_param);

}  // namespace inventory
