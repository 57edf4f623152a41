#include "engine_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <stdexcept>

namespace engine_test {

TcpToUnixProxy::TcpToUnixProxy(std::string socket_path) : socket_path_(std::move(socket_path)) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(listener_, 8) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("proxy: cannot listen on 127.0.0.1");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

TcpToUnixProxy::~TcpToUnixProxy() {
  stop_ = true;
  thread_.join();
  close(listener_);
}

void TcpToUnixProxy::run() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    pump(client);  // one connection at a time: the client makes one per request
    close(client);
  }
}

void TcpToUnixProxy::pump(int client) {
  const int daemon = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  socket_path_.copy(addr.sun_path, sizeof addr.sun_path - 1);
  if (connect(daemon, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(daemon);
    return;
  }
  pollfd fds[2] = {{client, POLLIN, 0}, {daemon, POLLIN, 0}};
  char buf[16384];
  while (!stop_) {
    if (poll(fds, 2, 100) <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0 || write(fds[1 - i].fd, buf, static_cast<size_t>(n)) != n) closed = true;
    }
    if (closed) break;
  }
  close(daemon);
}

}  // namespace engine_test
