#include "config/names.hpp"

#include <regex>

namespace stackctl::config {

static bool alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string dns1123_problem(const std::string& s, size_t max) {
  if (s.empty()) return "must not be empty";
  if (s.size() > max) return "must be at most " + std::to_string(max) + " characters";
  for (char c : s)
    if (!alnum_lower(c) && c != '-') return "must consist of lowercase letters, digits and '-' (DNS-1123 label)";
  if (!alnum_lower(s.front()) || !alnum_lower(s.back()))
    return "must start and end with a lowercase letter or digit (DNS-1123 label)";
  return "";
}

bool is_dns1123_label(const std::string& s, size_t max) { return dns1123_problem(s, max).empty(); }

bool is_quantity(const std::string& s) {
  static const std::regex re(R"(^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$)");
  return std::regex_match(s, re);
}

bool is_env_name(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace stackctl::config
