// RegistryTarget helpers: loopback detection, origin, name/tag validation.
#include "clients/registry/target.hpp"

#include <cctype>
#include <stdexcept>

namespace stackctl::registry {

bool is_loopback_host(const std::string& host_port) {
  std::string host = host_port;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
    return host == "::1";
  }
  host = host.substr(0, host.find(':'));
  if (host == "localhost") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

std::string registry_origin(const RegistryTarget& target) {
  bool http = target.scheme == Scheme::http || (target.scheme == Scheme::automatic && is_loopback_host(target.host));
  return (http ? "http://" : "https://") + target.host;
}

namespace {

bool valid_component(const std::string& c) {
  // [a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*
  if (c.empty() || !std::isalnum(static_cast<unsigned char>(c.front())) ||
      !std::isalnum(static_cast<unsigned char>(c.back())))
    return false;
  for (char ch : c) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isupper(u)) return false;
    if (!std::isalnum(u) && ch != '.' && ch != '_' && ch != '-') return false;
  }
  return true;
}

}  // namespace

void validate_target(const RegistryTarget& target) {
  if (target.host.empty() || target.host.find_first_of("/ @?#") != std::string::npos)
    throw std::invalid_argument("registry host '" + target.host + "' is not a host[:port]");
  if (target.repository.empty() || target.repository.size() > 255)
    throw std::invalid_argument("repository name '" + target.repository + "' is empty or too long");
  size_t start = 0;
  while (true) {
    const size_t slash = target.repository.find('/', start);
    if (!valid_component(target.repository.substr(start, slash - start)))
      throw std::invalid_argument("repository name '" + target.repository +
                                  "' is not lowercase letters, digits and separators between '/'");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  const std::string& t = target.tag;
  bool ok = !t.empty() && t.size() <= 128 && t.front() != '.' && t.front() != '-';
  for (char ch : t) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-');
  if (!ok) throw std::invalid_argument("tag '" + t + "' is not a valid image tag");
}

}  // namespace stackctl::registry
