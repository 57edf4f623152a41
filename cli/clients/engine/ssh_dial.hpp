// One connection to a Docker Engine over ssh, the way the docker CLI makes
// it: `ssh -o BatchMode=yes -o StrictHostKeyChecking=yes [-p PORT] [-l USER]
// HOST -- docker system dial-stdio`, whose stdin and stdout are one end of a
// socketpair; libcurl speaks the Engine API's HTTP over the other end. Keys,
// agents and known_hosts are ssh's own (~/.ssh/config is read); no secret is
// ever an argument. ssh's stderr goes to a memory file that is read only
// when the exchange failed, to word the reason as a stackctl error.
#pragma once

#include <string>
#include <vector>

#include "clients/engine/endpoint.hpp"

namespace stackctl::engine {

/// The argv of the ssh process for an ssh endpoint.
std::vector<std::string> ssh_dial_argv(const EndpointConfig& endpoint);

/// What went wrong, from ssh's stderr and exit status (255: ssh itself
/// failed; otherwise the remote command's status): an unknown or changed
/// host key, a refused key, an unreachable host, no docker on the remote, or
/// a docker that cannot reach its engine. "" when nothing is recognised.
std::string explain_ssh_failure(const EndpointConfig& endpoint, const std::string& ssh_stderr, int exit_code);

class SshDial {
 public:
  /// Starts ssh; throws ConnectionError when it cannot (not installed).
  explicit SshDial(const EndpointConfig& endpoint);
  /// Closes this side, gives ssh a moment to exit, then ends it (SIGTERM).
  ~SshDial();
  SshDial(const SshDial&) = delete;
  SshDial& operator=(const SshDial&) = delete;

  /// The loopback port the HTTP client connects to.
  int port() const { return port_; }
  /// Once the client has connected from `client_port`: accepts it (only from
  /// that port: no other local process may take the channel) and starts ssh
  /// on that socket. False when that fails (failure() says why).
  bool start(int client_port);
  /// After a failed exchange: waits (a few seconds at most) for ssh to exit
  /// and explains why, or the last lines of its stderr, or "".
  std::string failure();

 private:
  EndpointConfig endpoint_;
  int listener_ = -1;
  int port_ = 0;
  std::string start_error_;
  int stderr_ = -1;  // the memory file ssh writes its stderr to
  int pid_ = -1;     // until reaped
  int status_ = -1;  // ssh's exit status once reaped, or -1
  bool wait_for_exit(int milliseconds);
  std::string stderr_text() const;
};

}  // namespace stackctl::engine
