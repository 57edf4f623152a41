#include "clients/engine/errors.hpp"

namespace stackctl::engine {
namespace {

std::string describe(int status, const std::string& reason, const std::string& method, const std::string& path,
                     const std::string& message) {
  std::string s = method + " " + path + ": " + std::to_string(status);
  if (!reason.empty()) s += " " + reason;
  if (!message.empty()) s += ": " + message;
  return s;
}

}  // namespace

EngineError::EngineError(int status, std::string reason, std::string method, std::string path,
                         std::string daemon_message)
    : std::runtime_error(describe(status, reason, method, path, daemon_message)),
      status_(status),
      method_(std::move(method)),
      path_(std::move(path)),
      daemon_message_(std::move(daemon_message)) {}

}  // namespace stackctl::engine
