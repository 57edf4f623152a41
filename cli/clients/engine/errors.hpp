// Errors from the Docker Engine client. EngineError is what the daemon said
// ("POST /containers/create: 409 Conflict: ..."); ConnectionError is when it
// could not be asked (socket missing, permission denied, refused, timed out).
#pragma once

#include <stdexcept>
#include <string>

namespace stackctl::engine {

class EngineError : public std::runtime_error {
 public:
  /// `daemon_message` is the "message" of the daemon's JSON error body (or the
  /// body itself when it is not JSON).
  EngineError(int status, std::string reason, std::string method, std::string path, std::string daemon_message);

  int status() const { return status_; }
  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }
  const std::string& daemon_message() const { return daemon_message_; }

 protected:
  explicit EngineError(const std::string& what) : std::runtime_error(what) {}

 private:
  int status_ = 0;
  std::string method_, path_, daemon_message_;
};

class ConnectionError : public EngineError {
 public:
  ConnectionError(const std::string& what, bool timed_out) : EngineError(what), timed_out_(timed_out) {}
  bool timed_out() const { return timed_out_; }

 private:
  bool timed_out_;
};

/// A message from the daemon in the middle of a stream (a build step failed).
class StreamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace stackctl::engine
