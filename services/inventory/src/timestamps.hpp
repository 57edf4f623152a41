// RFC 3339 timestamps as microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inventory {

// Microseconds since 1970-01-01T00:00:00Z.
using Micros = std::int64_t;

struct ParsedTimestamp {
  std::optional<Micros> value;
  std::string error;  // why it is not a timestamp, when value is empty
};

// "2026-11-22T10:00:00Z", "2026-11-22T11:00:00.250+01:00": date, 'T' (or
// 't' or a space), time with optional fraction (digits past microseconds
// are dropped), then 'Z' or a numeric offset. The instant must fall within
// the years 0001-9999 UTC.
ParsedTimestamp parse_rfc3339(std::string_view text);

// "2026-11-22T10:00:00Z", with ".ffffff" (trailing zeros dropped) when the
// instant has a fraction of a second.
std::string format_rfc3339(Micros micros);

}  // namespace inventory
