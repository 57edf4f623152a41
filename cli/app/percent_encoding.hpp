// Percent-encoding of URL path segments and query values (RFC 3986): every
// byte but the unreserved characters A-Z a-z 0-9 - _ . ~ becomes %XX.
#pragma once

#include <string>

namespace stackctl::app {

std::string percent_encode(const std::string& text);

}  // namespace stackctl::app
