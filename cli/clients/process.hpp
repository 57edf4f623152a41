// Runs one child process for the cloud drivers (terraform, gcloud, aws,
// kubectl): argv only, never a shell. The child gets this process's
// environment plus `env` (added or overriding) minus `unset_env`, optional
// stdin bytes (no stdin data: /dev/null, so no tool can wait for a prompt), a
// working directory, and its stdout/stderr captured, optionally also handed
// line by line to callbacks as they arrive (terraform apply progress).
//
// Errors: ToolNotFound (the binary is not on PATH, with an install hint) and
// CommandError (a non-zero exit through run_checked): "`ARGV` failed (exit
// N):\n<the last 40 lines of stderr>". Neither ever contains an environment
// value; values in `secret_env` are also masked in the stderr tail.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stackctl::clients {

using LineCallback = std::function<void(const std::string& line)>;

struct ProcessSpec {
  std::vector<std::string> argv;                 ///< argv[0] is looked up on PATH unless it has a '/'
  std::map<std::string, std::string> env;        ///< added/overriding entries
  std::map<std::string, std::string> secret_env; ///< the same, but values are secrets (masked in errors)
  std::vector<std::string> mask_values;          ///< other secrets (e.g. in stdin_data) masked in errors
  std::vector<std::string> unset_env;            ///< names removed from the inherited environment
  std::optional<std::string> stdin_data;         ///< none: stdin is /dev/null
  std::filesystem::path working_dir;             ///< empty: this process's
  LineCallback on_stdout_line;                   ///< each complete line, without '\n'
  LineCallback on_stderr_line;
  std::string install_hint;                      ///< e.g. "docs/targets/gcp.md", for ToolNotFound
};

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  int signal = 0;      ///< the signal number, or 0
  std::string out;
  std::string err;
  bool ok() const { return exit_code == 0; }
};

class ToolNotFound : public std::runtime_error {
 public:
  ToolNotFound(const std::string& tool, const std::string& install_hint);
  const std::string& tool() const { return tool_; }

 private:
  std::string tool_;
};

/// The tool runs but is not logged in, or the account cannot reach the
/// project or cluster: the message says what to run.
class AccessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CommandError : public std::runtime_error {
 public:
  /// `stderr_text` must already be masked (run_checked does it).
  CommandError(std::vector<std::string> argv, int exit_code, int signal, std::string stderr_text);
  const std::vector<std::string>& argv() const { return argv_; }
  int exit_code() const { return exit_code_; }
  int signal() const { return signal_; }
  const std::string& stderr_text() const { return stderr_; }

 private:
  std::vector<std::string> argv_;
  int exit_code_;
  int signal_;
  std::string stderr_;
};

/// Runs the child to completion. Throws ToolNotFound, or std::system_error
/// when the pipes or the spawn fail. Never throws for the child's exit code.
ProcessResult run_process(const ProcessSpec& spec);

/// run_process, then CommandError unless the exit code is one of `ok_codes`.
ProcessResult run_checked(const ProcessSpec& spec, const std::vector<int>& ok_codes = {0});

/// The command for people: words joined by spaces, a word with a space or a
/// shell-special character single-quoted. Never used to run anything.
std::string render_command(const std::vector<std::string>& argv);

/// The last `n` lines of `text` (without a trailing newline).
std::string tail_lines(const std::string& text, size_t n = 40);

/// `name` resolved against `path_list` (a PATH value): the first executable
/// regular file; a name with '/' is returned as is when executable.
std::optional<std::filesystem::path> find_executable(const std::string& name, const std::string& path_list);

}  // namespace stackctl::clients
