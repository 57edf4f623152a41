// OutputGuard: what reaches the real fds 1/2 (here: temp files put there by
// the test) is masked, for this process's output and a child's. Results are
// collected while the fds are captured and CHECKed after they are restored.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/output_guard.hpp"
#include "app/redactor.hpp"

extern char** environ;

using stackctl::app::OutputGuard;
using stackctl::app::Redactor;

namespace {

constexpr const char* kValue = "s3cr3t-T0ken-value";

// Points fds 1 and 2 at temp files until restore().
class CapturedFds {
 public:
  CapturedFds() {
    std::fflush(stdout);
    std::fflush(stderr);
    for (int fd : {1, 2}) {
      files_[fd - 1] = std::tmpfile();
      saved_[fd - 1] = dup(fd);
      dup2(fileno(files_[fd - 1]), fd);
    }
  }
  ~CapturedFds() { restore(); }
  void restore() {
    if (saved_[0] < 0) return;
    std::fflush(stdout);
    std::fflush(stderr);
    for (int fd : {1, 2}) {
      dup2(saved_[fd - 1], fd);
      close(saved_[fd - 1]);
      saved_[fd - 1] = -1;
    }
  }
  std::string text(int fd) const {
    std::string s;
    const int f = fileno(files_[fd - 1]);
    lseek(f, 0, SEEK_SET);
    char buf[4096];
    for (ssize_t n; (n = read(f, buf, sizeof buf)) > 0;) s.append(buf, static_cast<size_t>(n));
    return s;
  }

 private:
  FILE* files_[2] = {nullptr, nullptr};
  int saved_[2] = {-1, -1};
};

// Starts /bin/sh -c SCRIPT with SECRET_VALUE=value in its environment (never argv).
pid_t spawn_sh(const char* script, const std::string& value) {
  std::vector<std::string> env_strings = {"SECRET_VALUE=" + value};
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  char* argv[] = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>(script), nullptr};
  const pid_t pid = fork();
  if (pid == 0) {
    execve("/bin/sh", argv, envp.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::shared_ptr<Redactor> redactor() {
  auto r = std::make_shared<Redactor>();
  r->add("api_token", kValue);
  return r;
}

}  // namespace

TEST_CASE("output guard: this process's output and a child's are masked on the real fds") {
  CapturedFds capture;
  int status = -1;
  bool tty_while_installed = true;
  {
    OutputGuard guard(redactor());
    tty_while_installed = OutputGuard::stdout_was_tty();
    std::printf("printf %s\n", kValue);
    std::fprintf(stderr, "fprintf %s\n", kValue);
    std::cout << "cout " << kValue << std::endl;
    std::cerr << "cerr " << kValue << "\n";
    const std::string v = kValue;
    std::fflush(stdout);
    (void)!write(1, "split ", 6);
    (void)!write(1, v.data(), 5);  // one value across two writes
    (void)!write(1, v.data() + 5, v.size() - 5);
    (void)!write(2, ("write " + v + "\n").data(), v.size() + 7);
    std::printf("base64 czNjcjN0LVQwa2VuLXZhbHVl\n");
    std::fflush(stdout);
    status = wait_for(spawn_sh(R"(printf "%s\n" "$SECRET_VALUE"; printf "%s" "$SECRET_VALUE" >&2)", kValue));
    guard.finish();
    guard.finish();  // idempotent
  }
  capture.restore();
  const std::string out = capture.text(1), err = capture.text(2);
  CAPTURE(out);
  CAPTURE(err);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(tty_while_installed);
  CHECK(out.find(kValue) == std::string::npos);
  CHECK(err.find(kValue) == std::string::npos);
  CHECK(out ==
        "printf [secret:api_token]\ncout [secret:api_token]\nsplit [secret:api_token]base64 [secret:api_token]\n"
        "[secret:api_token]\n");
  CHECK(err == "fprintf [secret:api_token]\ncerr [secret:api_token]\nwrite [secret:api_token]\n[secret:api_token]");
}

TEST_CASE("output guard: only one at a time; a new one after finish") {
  CapturedFds capture;
  bool second_refused = false, third_ok = false;
  {
    OutputGuard guard(redactor());
    try {
      OutputGuard second(redactor());
    } catch (const std::logic_error&) {
      second_refused = true;
    }
    guard.finish();
    OutputGuard third(redactor());
    third_ok = true;
    std::printf("%s\n", kValue);
  }
  capture.restore();
  CHECK(second_refused);
  CHECK(third_ok);
  CHECK(capture.text(1) == "[secret:api_token]\n");
}

TEST_CASE("output guard: redact_stdout=false leaves stdout alone") {
  CapturedFds capture;
  {
    OutputGuard guard(redactor(), false);
    std::printf("%s\n", kValue);
    std::fprintf(stderr, "%s\n", kValue);
  }
  capture.restore();
  CHECK(capture.text(1) == std::string(kValue) + "\n");
  CHECK(capture.text(2) == "[secret:api_token]\n");
}

TEST_CASE("output guard: finish does not hang on a child that keeps the pipe open") {
  CapturedFds capture;
  std::chrono::steady_clock::duration took{};
  pid_t pid = -1;
  {
    OutputGuard guard(redactor(), true, std::chrono::milliseconds(200));
    pid = spawn_sh(R"(printf "up %s\n" "$SECRET_VALUE"; exec sleep 30)", kValue);
    usleep(200 * 1000);  // let it print
    const auto start = std::chrono::steady_clock::now();
    guard.finish();
    took = std::chrono::steady_clock::now() - start;
  }
  capture.restore();
  kill(pid, SIGKILL);
  wait_for(pid);
  CHECK(took < std::chrono::seconds(3));
  CHECK(capture.text(1) == "up [secret:api_token]\n");
}

TEST_CASE("output guard: stdout_was_tty reports the terminal hidden behind the pipe") {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(slave >= 0);
  std::fflush(stdout);
  const int saved = dup(1);
  dup2(slave, 1);
  bool was_tty = false, isatty_inside = true, after = false;
  {
    OutputGuard guard(redactor());
    was_tty = OutputGuard::stdout_was_tty();
    isatty_inside = isatty(1) == 1;
  }
  after = OutputGuard::stdout_was_tty();
  dup2(saved, 1);
  close(saved);
  close(slave);
  close(master);
  CHECK(was_tty);
  CHECK_FALSE(isatty_inside);
  CHECK(after);
}
