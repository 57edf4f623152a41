// One HTTP exchange with a registry through clients/curl.hpp (https with the
// system's CAs, or http): headers collected by name, small bodies collected,
// request bodies from memory or streamed from a file. Redirects are not followed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clients/curl.hpp"

namespace stackctl::registry {

struct HttpCall {
  std::string method = "GET";  // GET, HEAD, POST, PUT, PATCH
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // used when body_file is unset
  std::optional<std::filesystem::path> body_file;
  std::string peer = "the registry";  // named in "cannot reach PEER at ORIGIN"
};

/// Status, reason, headers by lowercase name, and at most 4 MiB of the body.
using HttpResult = clients::HttpResponse;

/// Performs the call. Throws RegistryError (status 0) when the registry
/// cannot be reached, a file body cannot be read, or the exchange timed out;
/// the message names the URL's origin and path, never its query.
HttpResult perform(const HttpCall& call);

}  // namespace stackctl::registry
