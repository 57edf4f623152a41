// Where the Docker daemon is and how to reach it: DOCKER_HOST (unix://,
// tcp:// or ssh://) and the docker CLI's TLS variables. Pure: no I/O beyond reading the
// environment through the given lookup.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stackctl::engine {

struct EndpointConfig {
  enum class Kind { unix_socket, tcp, ssh };
  Kind kind = Kind::unix_socket;
  std::string socket_path = "/var/run/docker.sock";  // kind == unix_socket
  std::string host;                                  // kind == tcp or ssh
  int port = 0;                                      // ssh: 0 = ssh's own choice (~/.ssh/config, 22)
  std::string ssh_user;                              // ssh: "" = ssh's own choice
  bool tls = false;                                  // https to a tcp host
  bool tls_verify = false;                           // check the daemon's certificate against ca_file
  std::string ca_file, cert_file, key_file;
  std::string api_version = "1.41";
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{120000};  // for plain requests; streams have none

  /// "unix:///var/run/docker.sock", "tcp://127.0.0.1:2376" or
  /// "ssh://me@box:2222", as DOCKER_HOST spells it.
  std::string url() const;
};

/// Parses a DOCKER_HOST value; throws std::invalid_argument for another scheme,
/// a missing port or path. "tcp://HOST" without a port uses 2375 (2376 with TLS
/// is up to the caller, see endpoint_from_environment). "ssh://[USER@]HOST[:PORT]"
/// takes no path; USER and HOST may not start with '-' nor hold spaces, '@'
/// or '/' (they become ssh arguments).
EndpointConfig parse_docker_host(std::string_view value);

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

/// DOCKER_HOST (default the unix socket), DOCKER_TLS_VERIFY (non-empty: TLS,
/// verifying the daemon), DOCKER_TLS (non-empty: TLS without verification),
/// DOCKER_CERT_PATH (default ~/.docker) with ca.pem, cert.pem, key.pem.
EndpointConfig endpoint_from_environment(const EnvLookup& lookup);
EndpointConfig endpoint_from_environment();

}  // namespace stackctl::engine
