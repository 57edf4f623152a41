#include "clients/engine/engine.hpp"

#include <algorithm>
#include <cctype>

#include "app/percent_encoding.hpp"

namespace stackctl::engine {
namespace {

std::string daemon_message(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string())
    return parsed["message"].get<std::string>();
  std::string s = body;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

Engine Engine::from_environment() { return Engine(endpoint_from_environment()); }

Engine::Engine(EndpointConfig endpoint) : transport_(std::move(endpoint)) {}

HttpResponse Engine::send(const HttpRequest& request, const BodySink& sink, std::initializer_list<int> also_ok) const {
  HttpResponse response = transport_.send(request, sink);
  const bool ok = (response.status >= 200 && response.status < 300) ||
                  std::find(also_ok.begin(), also_ok.end(), response.status) != also_ok.end();
  if (!ok) {
    std::string path = request.path.substr(0, request.path.find('?'));
    throw EngineError(response.status, response.reason, request.method, path, daemon_message(response.body));
  }
  return response;
}

nlohmann::json Engine::call(const std::string& method, const std::string& path, const nlohmann::json* body,
                            std::initializer_list<int> also_ok) const {
  HttpRequest request;
  request.method = method;
  request.path = path;
  if (body) {
    request.body = body->dump();
    request.content_type = "application/json";
  }
  const HttpResponse response = send(request, {}, also_ok);
  if (response.status < 200 || response.status >= 300 || response.body.empty()) return nullptr;
  const auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(response.body) : parsed;
}

void Engine::ping() const {
  HttpRequest request;
  request.path = "/_ping";
  send(request);
}

VersionInfo Engine::version() const {
  const auto j = call("GET", "/version");
  VersionInfo v;
  v.version = j.value("Version", "");
  v.api_version = j.value("ApiVersion", "");
  v.min_api_version = j.value("MinAPIVersion", "");
  v.os = j.value("Os", "");
  v.arch = j.value("Arch", "");
  v.kernel_version = j.value("KernelVersion", "");
  return v;
}

std::string url_encode(const std::string& text) { return app::percent_encode(text); }

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
  return out;
}

std::string label_filters(const LabelFilter& labels) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [k, v] : labels) list.push_back(v.empty() ? k : k + "=" + v);
  return nlohmann::json{{"label", list}}.dump();
}

}  // namespace stackctl::engine
