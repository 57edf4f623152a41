#include "app/output_guard.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include "app/terminal.hpp"

namespace stackctl::app {

namespace {

std::atomic<bool> g_installed{false};
std::atomic<bool> g_stdout_tty{false};
std::atomic<bool> g_stderr_tty{false};

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

void flush_all() {
  std::cout.flush();
  std::cerr.flush();
  std::clog.flush();
  std::fflush(stdout);
  std::fflush(stderr);
}

int dup2_retry(int from, int to) {
  int r;
  while ((r = dup2(from, to)) < 0 && errno == EINTR) {
  }
  return r;
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// False once the destination is gone (EPIPE, EBADF, ...).
bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = write(fd, s.data(), s.size());
    if (n >= 0) {
      s.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {  // the original fd may be non-blocking
      pollfd p{fd, POLLOUT, 0};
      poll(&p, 1, -1);
    } else if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

// Blocks asynchronous signals (and SIGPIPE: a write to a closed destination
// then fails with EPIPE) in the threads created while it lives, so that signal
// handlers keep running on the application's threads.
class BlockSignals {
 public:
  BlockSignals() {
    sigset_t all;
    sigfillset(&all);
    for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS}) sigdelset(&all, s);
    pthread_sigmask(SIG_BLOCK, &all, &old_);
  }
  ~BlockSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  BlockSignals(const BlockSignals&) = delete;
  BlockSignals& operator=(const BlockSignals&) = delete;

 private:
  sigset_t old_;
};

}  // namespace

OutputGuard::OutputGuard(std::shared_ptr<const Redactor> redactor, bool redact_stdout,
                         std::chrono::milliseconds drain_timeout)
    : redactor_(std::move(redactor)), drain_timeout_(drain_timeout) {
  if (!redactor_) throw std::invalid_argument("OutputGuard: no redactor");
  bool expected = false;
  if (!g_installed.compare_exchange_strong(expected, true)) {
    throw std::logic_error("OutputGuard: another guard is already installed");
  }
  g_stdout_tty = isatty(STDOUT_FILENO) == 1;
  g_stderr_tty = isatty(STDERR_FILENO) == 1;
  try {
    Terminal::get();  // colour decisions are made on the real fds
    flush_all();
    // stdio picks full buffering for a pipe; keep a terminal's line buffering.
    if (g_stdout_tty) std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
    int wake[2];
    if (pipe2(wake, O_CLOEXEC) != 0) throw_errno("OutputGuard: pipe");
    wake_read_ = wake[0];
    wake_write_ = wake[1];
    BlockSignals block;
    install(pumps_[0], STDERR_FILENO);
    if (redact_stdout) install(pumps_[1], STDOUT_FILENO);
  } catch (...) {
    restore();
    join_and_close();
    g_installed = false;
    throw;
  }
}

OutputGuard::~OutputGuard() { finish(); }

void OutputGuard::install(Pump& pump, int target_fd) {
  if (fcntl(target_fd, F_GETFD) == -1) return;  // closed: nothing to protect
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) throw_errno("OutputGuard: pipe");
  pump.read_fd = p[0];
  pump.saved_fd = fcntl(target_fd, F_DUPFD_CLOEXEC, 3);
  if (pump.saved_fd < 0 || dup2_retry(p[1], target_fd) < 0) {
    const int error = errno;
    close(p[1]);
    close_fd(pump.saved_fd);
    throw std::system_error(error, std::generic_category(), "OutputGuard: dup");
  }
  close(p[1]);  // the only write end is now target_fd (without FD_CLOEXEC: children inherit it)
  pump.target_fd = target_fd;
  pump.thread = std::thread([this, &pump] { run(pump); });
}

void OutputGuard::run(Pump& pump) const {
  using Clock = std::chrono::steady_clock;
  Redactor::Stream stream = redactor_->stream();
  bool open = true;  // the destination still accepts output
  auto emit = [&](const std::string& s) { open = open && write_all(pump.saved_fd, s); };
  std::vector<char> buffer(1 << 16);
  bool finishing = false;
  Clock::time_point idle_deadline, hard_deadline;
  while (open) {
    int timeout_ms = -1;
    if (finishing) {
      const auto left = std::min(idle_deadline, hard_deadline) - Clock::now();
      if (left <= Clock::duration::zero()) break;  // a writer (a child still running) keeps the pipe open
      timeout_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
    }
    pollfd fds[2] = {{pump.read_fd, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    const int ready = poll(fds, finishing ? 1 : 2, timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (!finishing && fds[1].revents != 0) {
      finishing = true;
      idle_deadline = Clock::now() + drain_timeout_;
      hard_deadline = Clock::now() + 5 * drain_timeout_;
    }
    if (fds[0].revents == 0) continue;
    const ssize_t n = read(pump.read_fd, buffer.data(), buffer.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // EOF: every writer has closed its end
    emit(stream.feed(std::string_view(buffer.data(), static_cast<size_t>(n))));
    if (finishing) idle_deadline = Clock::now() + drain_timeout_;
  }
  emit(stream.finish());
  // Writers still holding the pipe now get EPIPE, as they would have from the
  // closed destination.
  close_fd(pump.read_fd);
}

void OutputGuard::restore() {
  flush_all();
  for (Pump& pump : pumps_) {
    if (pump.target_fd >= 0) dup2_retry(pump.saved_fd, pump.target_fd);  // closes our write end
    pump.target_fd = -1;
  }
  close_fd(wake_write_);  // wakes the pumps: drain, then stop at EOF or the timeout
}

void OutputGuard::join_and_close() {
  for (Pump& pump : pumps_) {
    if (pump.thread.joinable()) pump.thread.join();
    close_fd(pump.read_fd);
    close_fd(pump.saved_fd);
  }
  close_fd(wake_read_);
}

void OutputGuard::finish() {
  if (finished_) return;
  finished_ = true;
  restore();
  join_and_close();
  g_installed = false;
}

bool OutputGuard::stdout_was_tty() { return g_installed ? g_stdout_tty.load() : isatty(STDOUT_FILENO) == 1; }
bool OutputGuard::stderr_was_tty() { return g_installed ? g_stderr_tty.load() : isatty(STDERR_FILENO) == 1; }

}  // namespace stackctl::app
