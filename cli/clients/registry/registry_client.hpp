// A client of one repository of an OCI distribution registry (Docker
// Registry HTTP API v2): the /v2/ ping with Basic or Bearer (token server)
// authentication, blob existence checks, monolithic blob uploads streamed from
// files (POST, then PUT ?digest=), and manifest pushes. Errors are
// RegistryError with the HTTP status and the registry's errors[].code and
// message; no error text contains the password or a token.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>

#include "clients/registry/auth_challenge.hpp"
#include "clients/registry/errors.hpp"
#include "clients/registry/http.hpp"
#include "clients/registry/target.hpp"

namespace stackctl::registry {

class RegistryClient {
 public:
  /// Throws std::invalid_argument for an invalid target (validate_target).
  explicit RegistryClient(RegistryTarget target);

  /// GET /v2/: checks the registry answers and sets up authentication (a 401
  /// challenge: Basic credentials, or a Bearer token for
  /// "repository:<name>:pull,push" from the realm). Wrong credentials: 401.
  void ping();
  /// HEAD /v2/<name>/blobs/<digest>.
  bool blob_exists(const std::string& digest);
  /// POST /v2/<name>/blobs/uploads/, then PUT <location>&digest=<digest> with
  /// the file as the body (streamed).
  void upload_blob(const std::string& digest, const std::filesystem::path& file);
  /// PUT /v2/<name>/manifests/<reference>; returns the digest the registry
  /// reports (Docker-Content-Digest), checked against the sha256 of `bytes`.
  std::string put_manifest(const std::string& reference, const std::string& bytes, const std::string& media_type);

  const RegistryTarget& target() const { return target_; }
  /// "https://host" or "http://host".
  const std::string& origin() const { return origin_; }

 private:
  HttpResult send(HttpCall call, std::initializer_list<int> ok, const char* what);
  void authenticate(const HttpResult& unauthorized);
  std::string fetch_token(const Challenge& challenge, const std::string& scopes_query);
  [[noreturn]] void fail(const HttpCall& call, const HttpResult& result, const char* what) const;
  std::string api_url(const std::string& path) const;

  RegistryTarget target_;
  std::string origin_;
  Redactor redact_;
  std::string authorization_;                   // "Basic ..." / "Bearer ..." or empty
  std::map<std::string, std::string> tokens_;  // scope query -> token
};

}  // namespace stackctl::registry
