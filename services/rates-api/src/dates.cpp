#include "dates.hpp"

#include <chrono>
#include <cstdio>

namespace rates {

namespace {
std::optional<int> digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::chrono::year_month_day calendar(const Date& date) {
  return {std::chrono::year(date.year), std::chrono::month(static_cast<unsigned>(date.month)),
          std::chrono::day(static_cast<unsigned>(date.day))};
}
}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = digits(text.substr(0, 4));
  auto month = digits(text.substr(5, 2));
  auto day = digits(text.substr(8, 2));
  if (!year || !month || !day || *year < 1) return std::nullopt;
  Date date{*year, *month, *day};
  if (!calendar(date).ok()) return std::nullopt;
  return date;
}

long long day_number(const Date& date) { return std::chrono::sys_days(calendar(date)).time_since_epoch().count(); }

std::string format_date(const Date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  return text;
}

}  // namespace rates
