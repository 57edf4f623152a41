// Calendar dates as the API takes them: strict YYYY-MM-DD.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rates {

struct Date {
  int year, month, day;
};

// Only real calendar days in 0001-01-01..9999-12-31; nothing before or after.
std::optional<Date> parse_date(std::string_view text);
// Days since 1970-01-01 (proleptic Gregorian).
long long day_number(const Date& date);
std::string format_date(const Date& date);

}  // namespace rates
