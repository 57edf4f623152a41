#include "timestamps.hpp"

#include <chrono>
#include <cstdio>

namespace inventory {

namespace {

constexpr Micros micros_per_second = 1'000'000;
constexpr Micros micros_per_day = 86'400 * micros_per_second;

// Reads exactly `count` digits at `pos`; advances `pos`.
std::optional<int> digits(std::string_view text, std::size_t& pos, int count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

ParsedTimestamp fail(std::string error) { return {std::nullopt, std::move(error)}; }

const std::string layout = "is not an RFC 3339 timestamp like 2026-11-22T10:00:00Z";

}  // namespace

ParsedTimestamp parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  auto year = digits(text, pos, 4);
  bool date_ok = year && expect(text, pos, '-');
  auto month = date_ok ? digits(text, pos, 2) : std::nullopt;
  date_ok = month && expect(text, pos, '-');
  auto day = date_ok ? digits(text, pos, 2) : std::nullopt;
  if (!day) return fail(layout);
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return fail(layout);
  ++pos;
  auto hour = digits(text, pos, 2);
  bool time_ok = hour && expect(text, pos, ':');
  auto minute = time_ok ? digits(text, pos, 2) : std::nullopt;
  time_ok = minute && expect(text, pos, ':');
  auto second = time_ok ? digits(text, pos, 2) : std::nullopt;
  if (!second) return fail(layout);

  Micros fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    Micros scale = 100'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return fail(layout);
  }

  Micros offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    auto offset_hours = digits(text, pos, 2);
    bool offset_ok = offset_hours && expect(text, pos, ':');
    auto offset_minutes = offset_ok ? digits(text, pos, 2) : std::nullopt;
    if (!offset_minutes) return fail(layout);
    if (*offset_hours > 23 || *offset_minutes > 59) return fail("has an invalid UTC offset");
    offset_seconds = sign * (*offset_hours * 3600 + *offset_minutes * 60);
  } else {
    return fail(pos < text.size() ? layout : "has no UTC offset (Z or +HH:MM)");
  }
  if (pos != text.size()) return fail(layout);

  using namespace std::chrono;
  year_month_day date{std::chrono::year(*year), std::chrono::month(*month), std::chrono::day(*day)};
  if (*year < 1 || !date.ok()) return fail("has an invalid date");
  if (*hour > 23 || *minute > 59 || *second > 59) return fail("has an invalid time of day");

  Micros days = sys_days(date).time_since_epoch().count();
  Micros local = days * micros_per_day + (*hour * 3600LL + *minute * 60 + *second) * micros_per_second + fraction;
  Micros utc = local - offset_seconds * micros_per_second;
  static const Micros first =
      sys_days(year_month_day{std::chrono::year(1), January, std::chrono::day(1)}).time_since_epoch().count() *
      micros_per_day;
  static const Micros last =
      sys_days(year_month_day{std::chrono::year(10000), January, std::chrono::day(1)}).time_since_epoch().count() *
      micros_per_day;
  if (utc < first || utc >= last) return fail("is outside the years 0001-9999 UTC");
  return {utc, {}};
}

std::string format_rfc3339(Micros micros) {
  using namespace std::chrono;
  Micros days = micros / micros_per_day;
  Micros rest = micros % micros_per_day;
  if (rest < 0) {
    rest += micros_per_day;
    --days;
  }
  year_month_day date{sys_days(std::chrono::days(days))};
  Micros seconds = rest / micros_per_second;
  Micros fraction = rest % micros_per_second;
  char text[48];
  int n = std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(date.year()),
                        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                        static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                        static_cast<long long>(seconds % 60));
  std::string out(text, static_cast<std::size_t>(n));
  if (fraction != 0) {
    std::snprintf(text, sizeof text, ".%06lld", static_cast<long long>(fraction));
    std::string digits_text = text;
    while (digits_text.back() == '0') digits_text.pop_back();
    out += digits_text;
  }
  return out + "Z";
}

}  // namespace inventory
