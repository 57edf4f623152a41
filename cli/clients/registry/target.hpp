// Where an image is pushed: registry host, repository, tag and credentials,
// and whether plain http may be used (loopback registries, or when asked).
#pragma once

#include <string>

namespace stackctl::registry {

/// Registry credentials. Artifact Registry: {"oauth2accesstoken", the output
/// of `gcloud auth print-access-token`}; ECR: {"AWS", the output of
/// `aws ecr get-login-password`}. An empty username means anonymous. The
/// password is a secret: it is never logged, put in a URL, argv or an error.
struct Credentials {
  std::string username;
  std::string password;
};

enum class Scheme {
  automatic,  // http for loopback hosts (127.0.0.0/8, localhost, [::1]), https otherwise
  https,
  http,  // plain http to any host: explicit opt-in (an insecure registry)
};

struct RegistryTarget {
  std::string host;        // "europe-docker.pkg.dev", "123.dkr.ecr.eu-west-1.amazonaws.com", "127.0.0.1:5000"
  std::string repository;  // "project/repo/api" (no host, no tag)
  std::string tag = "latest";
  Credentials credentials;
  Scheme scheme = Scheme::automatic;
};

/// "127.0.0.1", "127.1.2.3:5000", "localhost:80", "[::1]:5000" -> true.
bool is_loopback_host(const std::string& host_port);

/// "https://host" or "http://host" for the target (see Scheme).
std::string registry_origin(const RegistryTarget& target);

/// Throws std::invalid_argument for an empty host, a repository that is not
/// a valid distribution name (lowercase components separated by '/'), or a
/// tag that is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
void validate_target(const RegistryTarget& target);

}  // namespace stackctl::registry
