#include "clients/engine/endpoint.hpp"

#include <cstdlib>
#include <stdexcept>

namespace stackctl::engine {
namespace {

constexpr std::string_view kUnix = "unix://";
constexpr std::string_view kTcp = "tcp://";
constexpr std::string_view kSsh = "ssh://";

int parse_port(std::string_view text, std::string_view whole) {
  if (text.empty() || text.size() > 5)
    throw std::invalid_argument("invalid port in DOCKER_HOST: " + std::string(whole));
  int port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw std::invalid_argument("invalid port in DOCKER_HOST: " + std::string(whole));
    port = port * 10 + (c - '0');
  }
  if (port == 0 || port > 65535) throw std::invalid_argument("invalid port in DOCKER_HOST: " + std::string(whole));
  return port;
}

// "HOST:PORT/" is "HOST:PORT"; any other path is refused.
std::string_view without_root_path(std::string_view rest, std::string_view whole) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return rest;
  if (rest.substr(slash) != "/") throw std::invalid_argument("DOCKER_HOST must not have a path: " + std::string(whole));
  return rest.substr(0, slash);
}

// Splits "HOST", "HOST:PORT", "[V6]" or "[V6]:PORT" into config.host and config.port.
void parse_host_port(std::string_view rest, std::string_view whole, EndpointConfig& config) {
  if (rest.starts_with("[")) {  // [v6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("invalid DOCKER_HOST: " + std::string(whole));
    config.host = std::string(rest.substr(1, close - 1));
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw std::invalid_argument("invalid DOCKER_HOST: " + std::string(whole));
      config.port = parse_port(after.substr(1), whole);
    }
  } else {
    const auto colon = rest.rfind(':');
    config.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) config.port = parse_port(rest.substr(colon + 1), whole);
  }
  if (config.host.empty()) throw std::invalid_argument("DOCKER_HOST has no host: " + std::string(whole));
}

// A user or host name that ssh gets as an argument: nothing it could read as an option.
bool plain_ssh_name(std::string_view name) {
  if (name.empty() || name.front() == '-') return false;
  for (char c : name)
    if (c <= ' ' || c == '@' || c == '/' || c == '\\' || c == '\'' || c == '"' || c == 0x7f) return false;
  return true;
}

EndpointConfig parse_ssh(std::string_view value) {
  std::string_view rest = value.substr(kSsh.size());
  rest = without_root_path(rest, value);
  EndpointConfig config;
  config.kind = EndpointConfig::Kind::ssh;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    config.ssh_user = std::string(rest.substr(0, at));
    if (!plain_ssh_name(config.ssh_user))
      throw std::invalid_argument("invalid user in DOCKER_HOST: " + std::string(value));
    rest = rest.substr(at + 1);
  }
  parse_host_port(rest, value, config);
  if (!plain_ssh_name(config.host)) throw std::invalid_argument("invalid host in DOCKER_HOST: " + std::string(value));
  return config;
}

}  // namespace

std::string EndpointConfig::url() const {
  if (kind == Kind::unix_socket) return "unix://" + socket_path;
  const bool v6 = host.find(':') != std::string::npos;
  const std::string name = v6 ? "[" + host + "]" : host;
  if (kind == Kind::ssh)
    return "ssh://" + (ssh_user.empty() ? "" : ssh_user + "@") + name + (port ? ":" + std::to_string(port) : "");
  return "tcp://" + name + ":" + std::to_string(port);
}

EndpointConfig parse_docker_host(std::string_view value) {
  EndpointConfig config;
  if (value.starts_with(kUnix)) {
    const std::string_view path = value.substr(kUnix.size());
    if (path.empty() || path.front() != '/')
      throw std::invalid_argument("DOCKER_HOST needs an absolute socket path: " + std::string(value));
    config.kind = EndpointConfig::Kind::unix_socket;
    config.socket_path = std::string(path);
    return config;
  }
  if (value.starts_with(kSsh)) return parse_ssh(value);
  if (!value.starts_with(kTcp))
    throw std::invalid_argument("unsupported DOCKER_HOST (use unix://PATH, tcp://HOST:PORT or ssh://USER@HOST): " +
                                std::string(value));
  std::string_view rest = value.substr(kTcp.size());
  rest = without_root_path(rest, value);
  config.kind = EndpointConfig::Kind::tcp;
  config.port = 2375;
  parse_host_port(rest, value, config);
  return config;
}

EndpointConfig endpoint_from_environment(const EnvLookup& lookup) {
  auto get = [&](const char* name) -> std::string {
    auto v = lookup(name);
    return v ? *v : std::string();
  };
  const std::string host = get("DOCKER_HOST");
  EndpointConfig config = host.empty() ? EndpointConfig{} : parse_docker_host(host);
  const bool verify = !get("DOCKER_TLS_VERIFY").empty();
  const bool tls = verify || !get("DOCKER_TLS").empty();
  if (!tls || config.kind != EndpointConfig::Kind::tcp) return config;
  config.tls = true;
  config.tls_verify = verify;
  std::string dir = get("DOCKER_CERT_PATH");
  if (dir.empty()) {
    const std::string home = get("HOME");
    dir = (home.empty() ? std::string(".") : home) + "/.docker";
  }
  config.ca_file = dir + "/ca.pem";
  config.cert_file = dir + "/cert.pem";
  config.key_file = dir + "/key.pem";
  return config;
}

EndpointConfig endpoint_from_environment() {
  return endpoint_from_environment([](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  });
}

}  // namespace stackctl::engine
