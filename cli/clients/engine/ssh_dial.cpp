#include "clients/engine/ssh_dial.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "clients/engine/errors.hpp"

extern char** environ;

namespace stackctl::engine {
namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// The user@host (and port) as ssh prints them, for messages.
std::string who(const EndpointConfig& e) {
  return (e.ssh_user.empty() ? "" : e.ssh_user + "@") + e.host + (e.port ? " port " + std::to_string(e.port) : "");
}

// The last non-empty lines of ssh's stderr, joined, without carriage returns.
std::string tail(const std::string& text, size_t lines) {
  std::vector<std::string> kept;
  std::string line;
  for (char c : text + "\n") {
    if (c == '\r') continue;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (!line.empty()) kept.push_back(line);
    line.clear();
  }
  std::string out;
  for (size_t i = kept.size() > lines ? kept.size() - lines : 0; i < kept.size(); ++i)
    out += (out.empty() ? "" : "; ") + kept[i];
  return out;
}

std::string line_with(const std::string& text, const char* part) {
  const auto at = text.find(part);
  if (at == std::string::npos) return "";
  const auto start = text.rfind('\n', at);
  return tail(text.substr(start == std::string::npos ? 0 : start + 1, text.find('\n', at) - start), 1);
}

// A listener on 127.0.0.1:0 for the one connection libcurl makes, and its port.
int loopback_listener(int& port) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 1) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listener);
    return -1;
  }
  port = ntohs(addr.sin_port);
  return listener;
}

}  // namespace

std::vector<std::string> ssh_dial_argv(const EndpointConfig& e) {
  const auto seconds = std::max<long long>(1, (e.connect_timeout.count() + 999) / 1000);
  std::vector<std::string> argv = {"ssh",
                                   "-o",
                                   "BatchMode=yes",
                                   "-o",
                                   "StrictHostKeyChecking=yes",
                                   "-o",
                                   "ConnectTimeout=" + std::to_string(seconds),
                                   "-T"};
  if (e.port) argv.insert(argv.end(), {"-p", std::to_string(e.port)});
  if (!e.ssh_user.empty()) argv.insert(argv.end(), {"-l", e.ssh_user});
  argv.insert(argv.end(), {"--", e.host, "docker", "system", "dial-stdio"});
  return argv;
}

std::string explain_ssh_failure(const EndpointConfig& e, const std::string& err, int exit_code) {
  const std::string port = std::to_string(e.port ? e.port : 22);
  if (has(err, "REMOTE HOST IDENTIFICATION HAS CHANGED"))
    return "the host key of " + who(e) +
           " has changed since it was added to known_hosts (a reinstalled machine, or someone in between): check "
           "the new key with its owner, then remove the old one with `ssh-keygen -R " +
           (e.port ? "[" + e.host + "]:" + port : e.host) + "` and add the new one";
  if (has(err, "Host key verification failed") || has(err, "host key is known for"))
    return "the host key of " + who(e) + " is not in known_hosts: check the key and add it with `ssh-keyscan -p " +
           port + " " + e.host + " >> ~/.ssh/known_hosts` or by running ssh once";
  if (has(err, "Permission denied"))
    return "ssh refused the key for " + who(e) + " (Permission denied): the host must list its public key in " +
           (e.ssh_user.empty() ? "the user's" : e.ssh_user + "'s") +
           " ~/.ssh/authorized_keys, and the ssh agent or ~/.ssh/config must offer it";
  for (const char* unreachable :
       {"Connection refused", "Connection timed out", "No route to host", "Could not resolve hostname",
        "Network is unreachable", "Connection closed by", "Connection reset", "Operation timed out"})
    if (has(err, unreachable)) return "the host is unreachable over ssh: " + line_with(err, unreachable);
  if (exit_code == 127 || has(err, "docker: not found") || has(err, "docker: command not found"))
    return "the remote " + who(e) +
           " has no docker command (it needs the docker CLI and a running Docker Engine): " + tail(err, 1);
  if (has(err, "docker daemon") || has(err, "Docker daemon"))
    return "docker on " + who(e) +
           " cannot reach its engine (is dockerd running, and is the user in the docker "
           "group?): " +
           tail(err, 2);
  return "";
}

SshDial::SshDial(const EndpointConfig& endpoint) : endpoint_(endpoint) {
  listener_ = loopback_listener(port_);
  if (listener_ < 0)
    throw ConnectionError(std::string("cannot listen on 127.0.0.1 for ssh: ") + std::strerror(errno), false);
  stderr_ = ::memfd_create("ssh-stderr", MFD_CLOEXEC);
  if (stderr_ < 0) {
    ::close(listener_);
    throw ConnectionError(std::string("cannot make a file for ssh's messages: ") + std::strerror(errno), false);
  }
}

bool SshDial::start(int client_port) {
  // libcurl has connected (the kernel completed it in the backlog): take it.
  const int conn = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  ::close(listener_);
  listener_ = -1;
  if (conn < 0) {
    start_error_ = std::string("cannot accept the connection for ssh: ") + std::strerror(errno);
    return false;
  }
  sockaddr_in peer{};
  socklen_t len = sizeof peer;
  if (::getpeername(conn, reinterpret_cast<sockaddr*>(&peer), &len) != 0 || ntohs(peer.sin_port) != client_port) {
    ::close(conn);
    start_error_ = "another process connected to the ssh channel's loopback port first; refused";
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, conn, 0);
  posix_spawn_file_actions_adddup2(&actions, conn, 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_, 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // nothing else of ours leaks into ssh
  const std::vector<std::string> args = ssh_dial_argv(endpoint_);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(conn);
  if (rc != 0) {
    start_error_ = rc == ENOENT ? "target.host " + endpoint_.url() +
                                      " needs the OpenSSH client (`ssh`), which is not on PATH (Debian: openssh-client)"
                                : std::string("cannot start ssh: ") + std::strerror(rc);
    return false;
  }
  pid_ = pid;
  return true;
}

SshDial::~SshDial() {
  if (listener_ >= 0) ::close(listener_);
  // On its stdin's end, dial-stdio closes the engine connection and exits, and ssh with it.
  if (pid_ > 0 && !wait_for_exit(2000)) {
    ::kill(pid_, SIGTERM);
    if (!wait_for_exit(2000)) {
      ::kill(pid_, SIGKILL);
      wait_for_exit(-1);
    }
  }
  if (stderr_ >= 0) ::close(stderr_);
}

bool SshDial::wait_for_exit(int milliseconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  for (int pause = 1;; pause = std::min(pause * 2, 50)) {
    int status = 0;
    const pid_t got = ::waitpid(pid_, &status, milliseconds < 0 ? 0 : WNOHANG);
    if (got == pid_ || (got < 0 && errno != EINTR)) {
      status_ = got == pid_ && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      pid_ = -1;
      return true;
    }
    if (milliseconds >= 0 && std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause));
  }
}

std::string SshDial::stderr_text() const {
  std::string text;
  char buffer[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(stderr_, buffer, sizeof buffer, at);
    if (n <= 0 || text.size() > (1 << 16)) break;
    text.append(buffer, static_cast<size_t>(n));
    at += n;
  }
  return text;
}

std::string SshDial::failure() {
  if (!start_error_.empty()) return start_error_;
  const auto wait_ms = static_cast<int>(endpoint_.connect_timeout.count()) + 3000;
  if (pid_ > 0 && !wait_for_exit(wait_ms)) return "";  // still running: not an ssh failure
  const std::string err = stderr_text();
  if (std::string why = explain_ssh_failure(endpoint_, err, status_); !why.empty()) return why;
  if (status_ == 0) return "";
  const std::string last = tail(err, 3);
  return "ssh to " + who(endpoint_) + " failed (exit " + std::to_string(status_) + ")" +
         (last.empty() ? "" : ": " + last);
}

}  // namespace stackctl::engine
