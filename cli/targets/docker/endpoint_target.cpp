#include "targets/docker/endpoint_target.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace stackctl::targets::docker {
using engine::EndpointConfig;
using engine::EnvLookup;
namespace {

constexpr std::string_view kTcp = "tcp://";

// parse_docker_host's messages speak of DOCKER_HOST; here the value came from
// the environment file, so name the key the user has to fix.
std::string as_target_message(std::string message) {
  const std::string from = "DOCKER_HOST", to = "target.host";
  for (auto at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
    message.replace(at, from.size(), to);
  return message;
}

EndpointConfig parse_target_host(const std::string& host) {
  try {
    return engine::parse_docker_host(host);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(as_target_message(e.what()));
  }
}

// Whether "tcp://HOST:PORT[/]" names a port (parse_docker_host defaults to 2375).
bool has_port(std::string_view host) {
  std::string_view rest = host.substr(kTcp.size());
  rest = rest.substr(0, rest.find('/'));
  if (rest.starts_with("[")) return rest.find("]:") != std::string_view::npos;
  return rest.find(':') != std::string_view::npos;
}

// A leading ~/ is the user's home, as in a shell; ~USER/ is not expanded.
std::string expand_home(const std::string& dir, const EnvLookup& lookup) {
  if (!dir.starts_with("~")) return dir;
  if (dir != "~" && !dir.starts_with("~/"))
    throw std::invalid_argument("target.tls_dir: only a leading ~/ is expanded, not ~USER/: " + dir);
  const auto home = lookup("HOME");
  if (!home || home->empty()) throw std::invalid_argument("target.tls_dir: " + dir + " needs HOME, which is not set");
  std::string base = *home;
  while (!base.empty() && base.back() == '/') base.pop_back();  // HOME=/ or HOME=/home/me/
  return base + dir.substr(1);
}

}  // namespace

EndpointConfig endpoint_for_target(const model::Target& target, const EnvLookup& lookup) {
  if (target.kind != model::TargetKind::docker)
    throw std::invalid_argument(std::string("target.kind: a ") + model::to_string(target.kind) +
                                " target has no Docker endpoint");
  // Certificates for a connection that cannot use them are a mistake in the
  // file, not something to ignore silently.
  if (!target.tls_dir.empty() && !target.host.starts_with(kTcp))
    throw std::invalid_argument(
        "target.tls_dir applies only to a tcp:// target.host" +
        (target.host.empty() ? std::string(" (the host is empty: the local engine)") : ", not " + target.host));
  if (target.host.empty()) return engine::endpoint_from_environment(lookup);

  EndpointConfig config = parse_target_host(target.host);
  if (target.tls_dir.empty()) return config;  // plain tcp: only sensible on loopback or a trusted network

  const std::string dir = expand_home(target.tls_dir, lookup);
  config.tls = true;
  config.tls_verify = true;
  config.ca_file = dir + "/ca.pem";
  config.cert_file = dir + "/cert.pem";
  config.key_file = dir + "/key.pem";
  std::string missing;
  for (const std::string* file : {&config.ca_file, &config.cert_file, &config.key_file}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec)) missing += (missing.empty() ? "" : ", ") + *file;
  }
  if (!missing.empty())
    throw std::invalid_argument("target.tls_dir: missing " + missing + " (TLS to " + target.host +
                                " needs ca.pem, cert.pem and key.pem in " + target.tls_dir + ")");
  if (!has_port(target.host)) config.port = 2376;  // the TLS port by convention, as the docker CLI does
  return config;
}

EndpointConfig endpoint_for_target(const model::Target& target) {
  return endpoint_for_target(target, [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  });
}

}  // namespace stackctl::targets::docker
