// A loopback TCP listener that forwards each connection to a unix socket, so
// the tcp:// transport is tested against the real daemon without a second one.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace engine_test {

class TcpToUnixProxy {
 public:
  explicit TcpToUnixProxy(std::string socket_path);
  ~TcpToUnixProxy();
  TcpToUnixProxy(const TcpToUnixProxy&) = delete;
  TcpToUnixProxy& operator=(const TcpToUnixProxy&) = delete;

  int port() const { return port_; }

 private:
  void run();
  void pump(int client);

  std::string socket_path_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace engine_test
