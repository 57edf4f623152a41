// Redaction of secrets in messages and the registry's JSON error bodies.
#include "clients/registry/errors.hpp"

#include <nlohmann/json.hpp>

namespace stackctl::registry {

void Redactor::add(const std::string& secret) {
  if (secret.size() >= 4) secrets_.push_back(secret);
}

std::string Redactor::operator()(std::string text) const {
  for (const auto& secret : secrets_) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "[redacted]");
  }
  return text;
}

std::string describe_error_body(const std::string& body, std::vector<std::string>* codes) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  std::string out;
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const auto& e : j["errors"]) {
      if (!e.is_object()) continue;
      const std::string code = e.value("code", "");
      const std::string message = e.value("message", "");
      if (codes && !code.empty()) codes->push_back(code);
      if (!out.empty()) out += "; ";
      out += code.empty() ? message : message.empty() ? code : code + ": " + message;
    }
    if (!out.empty()) return out;
  }
  for (char c : body.substr(0, 200)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace stackctl::registry
