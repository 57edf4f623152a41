// Runs a built service binary as a child process for the service tests:
// its own environment only, stdout and stderr captured to a file, readiness
// awaited over HTTP.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace test {

using Env = std::map<std::string, std::string>;

// A loopback port nothing listens on right now.
int free_port();

class ServiceProcess {
 public:
  // Starts `binary args...` with exactly `env` (plus PATH).
  ServiceProcess(const std::string& binary, Env env, std::vector<std::string> args = {});
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  // Polls GET path until it answers 200; false on timeout or early exit.
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(10), const std::string& path = "/readyz");
  void signal(int sig);
  // The exit code (128+N for signal N), or nullopt if still running after timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string output() const;  // everything printed so far
  pid_t pid() const { return pid_; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::optional<int> status_;
  std::string output_path_;
};

// Runs `binary args...` to completion with `env`; returns {exit code, output}.
std::pair<int, std::string> run_to_completion(const std::string& binary, const Env& env,
                                              const std::vector<std::string>& args);

}  // namespace test
