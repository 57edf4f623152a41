#include "service_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

namespace test {

namespace {
pid_t spawn(const std::string& binary, const Env& env, const std::vector<std::string>& args, const std::string& out) {
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  if (!env.count("PATH")) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

std::string temp_output() {
  char path[] = "/tmp/stackctl-service-test-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return path;
}

int decode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }
}  // namespace

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

ServiceProcess::ServiceProcess(const std::string& binary, Env env, std::vector<std::string> args) {
  if (!env.count("PORT")) env["PORT"] = std::to_string(free_port());
  if (!env.count("BIND_ADDRESS")) env["BIND_ADDRESS"] = "127.0.0.1";
  port_ = std::atoi(env["PORT"].c_str());
  output_path_ = temp_output();
  pid_ = spawn(binary, env, args, output_path_);
}

ServiceProcess::~ServiceProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    wait_exit(std::chrono::seconds(5));
  }
  unlink(output_path_.c_str());
}

bool ServiceProcess::running() {
  if (status_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = decode(status);
    return false;
  }
  return true;
}

bool ServiceProcess::wait_ready(std::chrono::milliseconds timeout, const std::string& path) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(1);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;
    auto res = client.Get(path.c_str());
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServiceProcess::signal(int sig) { kill(pid_, sig); }

std::optional<int> ServiceProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::string ServiceProcess::output() const {
  std::ifstream in(output_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::pair<int, std::string> run_to_completion(const std::string& binary, const Env& env,
                                              const std::vector<std::string>& args) {
  auto out = temp_output();
  pid_t pid = spawn(binary, env, args, out);
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  unlink(out.c_str());
  return {decode(status), text.str()};
}

}  // namespace test
