// Routes the process's stdout/stderr through a Redactor, at the file
// descriptor level: printf, std::cout, write(2, ...) and every child process
// started while the guard is installed (it inherits fds 1/2 = the pipes) are
// masked before reaching the real terminal, file or pipe.
//
//   auto redactor = std::make_shared<Redactor>();
//   redactor->add("db_password", value);
//   OutputGuard guard(redactor);      // after Terminal::get() decided colours
//   ... run terraform/kubectl, print ...
//   guard.finish();                   // or the destructor
//
// Children: wait for every child before finish(). A child (or grandchild) that
// is still running keeps a pipe open; finish() then stops reading once no
// output has arrived for `drain_timeout` (or after 5 x drain_timeout in all)
// and closes the pipe, so that child's later writes fail with EPIPE/SIGPIPE.
//
// Terminals: while installed, isatty(1/2) is false. The constructor
// initialises Terminal::get() first, so colour decisions see the real fds; use
// stdout_was_tty()/stderr_was_tty() for any other terminal check.
//
// Ordering within stdout and within stderr is preserved; the relative order of
// stdout and stderr lines may change (each has its own pipe and thread).
#pragma once

#include <chrono>
#include <memory>
#include <thread>

#include "app/redactor.hpp"

namespace stackctl::app {

class OutputGuard {
 public:
  static constexpr std::chrono::milliseconds default_drain_timeout{2000};

  /// Installs the guard on fd 2 and, when `redact_stdout`, fd 1. Throws
  /// std::logic_error if another guard is installed, std::system_error if a
  /// pipe or thread cannot be created (nothing is left installed then).
  explicit OutputGuard(std::shared_ptr<const Redactor> redactor, bool redact_stdout = true,
                       std::chrono::milliseconds drain_timeout = default_drain_timeout);
  ~OutputGuard();
  OutputGuard(const OutputGuard&) = delete;
  OutputGuard& operator=(const OutputGuard&) = delete;

  /// Restores fds 1/2, waits (bounded) for the pipes to drain and flushes
  /// held-back text. Idempotent; another guard may be installed afterwards.
  void finish();

  /// isatty(1) / isatty(2) of the real fds: captured when the installed guard
  /// was constructed, otherwise asked now.
  static bool stdout_was_tty();
  static bool stderr_was_tty();

 private:
  struct Pump {
    int target_fd = -1;  // 1 or 2
    int saved_fd = -1;   // the original target, where redacted output goes
    int read_fd = -1;    // read end of the pipe now installed on target_fd
    std::thread thread;
  };

  void install(Pump& pump, int target_fd);
  void run(Pump& pump) const;  // the pump thread
  void restore();              // fds back, pipes closed; joins nothing
  void join_and_close();

  std::shared_ptr<const Redactor> redactor_;
  std::chrono::milliseconds drain_timeout_;
  Pump pumps_[2];
  int wake_read_ = -1;  // closing wake_write_ tells the pumps that finish() began
  int wake_write_ = -1;
  bool finished_ = false;
};

}  // namespace stackctl::app
