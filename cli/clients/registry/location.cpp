// Location resolution and small URL helpers.
#include "clients/registry/location.hpp"

#include <cctype>
#include <stdexcept>

#include "app/percent_encoding.hpp"

namespace stackctl::registry {

std::string url_origin(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) throw std::invalid_argument("not an absolute URL: " + url_without_query(url));
  const size_t host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

std::string resolve_location(const std::string& request_url, const std::string& location) {
  if (location.empty()) throw std::invalid_argument("empty Location header");
  if (location.find("://") != std::string::npos && location.find("://") < location.find_first_of("/?#"))
    return location;
  const std::string origin = url_origin(request_url);
  if (location.starts_with("//")) return origin.substr(0, origin.find("://") + 1) + location;
  if (location.starts_with("/")) return origin + location;
  std::string path = url_without_query(request_url).substr(origin.size());
  path = path.substr(0, path.rfind('/') + 1);
  if (path.empty()) path = "/";
  return origin + path + location;
}

std::string with_query_param(const std::string& url, const std::string& key, const std::string& value) {
  std::string base = url, fragment;
  if (const size_t hash = url.find('#'); hash != std::string::npos) {
    base = url.substr(0, hash);
    fragment = url.substr(hash);
  }
  const char sep = base.find('?') == std::string::npos ? '?' : (base.back() == '?' || base.back() == '&') ? '\0' : '&';
  if (sep) base += sep;
  return base + app::percent_encode(key) + "=" + app::percent_encode(value) + fragment;
}

std::string url_without_query(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }


}  // namespace stackctl::registry
