// WWW-Authenticate parsing (RFC 7235): one header may hold several
// challenges, each a scheme and comma-separated key=value parameters whose
// values may be quoted strings (with commas and \-escapes inside).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::registry {

struct Challenge {
  std::string scheme;                         // lowercased: "basic", "bearer"
  std::map<std::string, std::string> params;  // keys lowercased: "realm", "service", "scope", "error"
  std::string token68;                        // a bare token after the scheme ("Negotiate abc=="), rare

  std::string param(const std::string& key) const {
    const auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  }
};

/// Every challenge of one WWW-Authenticate header value; malformed trailing
/// text is ignored (never throws).
std::vector<Challenge> parse_challenges(std::string_view header);

}  // namespace stackctl::registry
