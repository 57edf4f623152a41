// The registry client's use of the shared curl exchange: its limits and its
// wording of failures.
#include "clients/registry/http.hpp"

#include <chrono>

#include "clients/registry/errors.hpp"
#include "clients/registry/location.hpp"

namespace stackctl::registry {
namespace {

constexpr size_t kMaxBody = 4 << 20;

}  // namespace

HttpResult perform(const HttpCall& call) {
  clients::CurlExchange exchange(call.url);
  exchange.protocols("http,https");
  exchange.connect_timeout(std::chrono::seconds(15));
  // No total limit (layers can be large); give up when a transfer stalls.
  exchange.low_speed(1, std::chrono::seconds(120));
  exchange.user_agent("stackctl");
  for (const auto& h : call.headers) exchange.header(h);
  exchange.method(call.method);
  if (call.method != "GET" && call.method != "HEAD") {
    if (call.body_file) {
      std::string error;
      if (!exchange.body_file(*call.body_file, error))
        throw RegistryError("cannot read " + call.body_file->string() + (error.empty() ? "" : ": " + error));
    } else {
      exchange.body(call.body);
    }
  }

  HttpResult result;
  const clients::CurlOutcome outcome = exchange.perform(result, {}, kMaxBody);
  if (outcome.ok()) return result;
  const std::string where = call.method + " " + url_without_query(call.url);
  if (outcome.failure == clients::CurlFailure::body_unreadable)
    throw RegistryError(where + ": reading " + call.body_file->string() + " failed");
  std::string origin;
  try {
    origin = url_origin(call.url);
  } catch (const std::exception&) {
    origin = url_without_query(call.url);
  }
  if (outcome.failure == clients::CurlFailure::cannot_connect ||
      outcome.failure == clients::CurlFailure::cannot_resolve)
    throw RegistryError("cannot reach " + call.peer + " at " + origin + ": " + outcome.detail);
  throw RegistryError(where + " failed: " + outcome.detail);
}

}  // namespace stackctl::registry
