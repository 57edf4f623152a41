// run_process: posix_spawn with pipes, and one poll loop that feeds stdin and
// drains stdout/stderr together, so a child blocked on a full output pipe can
// never deadlock against us writing its input. SIGPIPE (the child closed its
// stdin early) is blocked in this thread for the duration and swallowed.
#include "clients/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>

#include "app/redactor.hpp"

extern char** environ;

namespace stackctl::clients {

namespace {

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

void make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
  read_end.fd = fds[0];
  write_end.fd = fds[1];
}

std::map<std::string, std::string> child_environment(const ProcessSpec& spec) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& name : spec.unset_env) env.erase(name);
  for (const auto& [name, value] : spec.env) env[name] = value;
  for (const auto& [name, value] : spec.secret_env) env[name] = value;
  return env;
}

// Splits a stream into lines for a callback; keeps the partial last line.
struct LineSplitter {
  const LineCallback* callback;
  std::string pending;
  void feed(const char* data, size_t n) {
    if (!*callback) return;
    pending.append(data, n);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string line = pending.substr(start, nl - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      (*callback)(line);
    }
    pending.erase(0, start);
  }
  void finish() {
    if (*callback && !pending.empty()) (*callback)(pending);
    pending.clear();
  }
};

// Blocks SIGPIPE in this thread while alive; a SIGPIPE raised meanwhile by a
// write to a closed pipe is consumed before the old mask comes back.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) && !sigismember(&old_, SIGPIPE)) {
      timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_;
  sigset_t old_;
};

}  // namespace

ToolNotFound::ToolNotFound(const std::string& tool, const std::string& install_hint)
    : std::runtime_error(tool + " not found on PATH; install it" +
                         (install_hint.empty() ? std::string() : " (" + install_hint + ")")),
      tool_(tool) {}

namespace {
std::string command_error_message(const std::vector<std::string>& argv, int exit_code, int signal,
                                  const std::string& stderr_text) {
  std::string message = "`" + render_command(argv) + "` failed (";
  message += signal ? "killed by signal " + std::to_string(signal) : "exit " + std::to_string(exit_code);
  message += ")";
  std::string tail = tail_lines(stderr_text);
  if (!tail.empty()) message += ":\n" + tail;
  return message;
}
}  // namespace

CommandError::CommandError(std::vector<std::string> argv, int exit_code, int signal, std::string stderr_text)
    : std::runtime_error(command_error_message(argv, exit_code, signal, stderr_text)),
      argv_(std::move(argv)),
      exit_code_(exit_code),
      signal_(signal),
      stderr_(std::move(stderr_text)) {}

std::string render_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& word : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !word.empty();
    for (char c : word)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_@%+=:,./-", c))) plain = false;
    if (plain) {
      out += word;
      continue;
    }
    out += '\'';
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::string tail_lines(const std::string& text, size_t n) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  if (n == 0) return {};
  size_t pos = t.size();
  for (size_t lines = 0; pos > 0; --pos) {
    if (t[pos - 1] == '\n' && ++lines == n) break;
  }
  return t.substr(pos);
}

std::optional<std::filesystem::path> find_executable(const std::string& name, const std::string& path_list) {
  auto executable = [](const std::filesystem::path& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (!executable(name)) return std::nullopt;
    return std::filesystem::absolute(name);
  }
  size_t start = 0;
  while (start <= path_list.size()) {
    size_t colon = path_list.find(':', start);
    if (colon == std::string::npos) colon = path_list.size();
    std::string dir = path_list.substr(start, colon - start);
    if (dir.empty()) dir = ".";
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (executable(candidate)) return std::filesystem::absolute(candidate);
    start = colon + 1;
  }
  return std::nullopt;
}

ProcessResult run_process(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw std::invalid_argument("run_process: empty argv");
  auto env = child_environment(spec);
  auto path_it = env.find("PATH");
  auto program = find_executable(spec.argv[0], path_it == env.end() ? "/usr/bin:/bin" : path_it->second);
  if (!program) throw ToolNotFound(spec.argv[0], spec.install_hint);

  std::vector<std::string> entries;
  for (const auto& [name, value] : env) entries.push_back(name + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  Fd out_r, out_w, err_r, err_w, in_r, in_w;
  make_pipe(out_r, out_w);
  make_pipe(err_r, err_w);
  if (spec.stdin_data) make_pipe(in_r, in_w);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (spec.stdin_data)
    posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
  else
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  if (!spec.working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.working_dir.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, program->c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    if (rc == ENOENT && !spec.working_dir.empty() && !std::filesystem::is_directory(spec.working_dir))
      throw std::system_error(rc, std::generic_category(), "working directory " + spec.working_dir.string());
    throw std::system_error(rc, std::generic_category(), "cannot start " + spec.argv[0]);
  }
  out_w.reset();
  err_w.reset();
  in_r.reset();

  ProcessResult result;
  std::exception_ptr callback_error;
  {
    SigpipeGuard guard;
    LineSplitter out_lines{&spec.on_stdout_line, {}}, err_lines{&spec.on_stderr_line, {}};
    size_t written = 0;
    const std::string empty;
    const std::string& input = spec.stdin_data ? *spec.stdin_data : empty;
    if (in_w.fd >= 0) {
      ::fcntl(in_w.fd, F_SETFL, ::fcntl(in_w.fd, F_GETFL) | O_NONBLOCK);
      if (input.empty()) in_w.reset();
    }
    char buffer[65536];
    while (out_r.fd >= 0 || err_r.fd >= 0 || in_w.fd >= 0) {
      pollfd fds[3];
      int count = 0;
      int out_i = -1, err_i = -1, in_i = -1;
      if (out_r.fd >= 0) out_i = count, fds[count++] = {out_r.fd, POLLIN, 0};
      if (err_r.fd >= 0) err_i = count, fds[count++] = {err_r.fd, POLLIN, 0};
      if (in_w.fd >= 0) in_i = count, fds[count++] = {in_w.fd, POLLOUT, 0};
      if (::poll(fds, count, -1) < 0) {
        if (errno == EINTR) continue;
        throw_errno("poll");
      }
      auto drain = [&](int index, Fd& fd, std::string& sink, LineSplitter& lines) {
        if (index < 0 || !(fds[index].revents & (POLLIN | POLLHUP | POLLERR))) return;
        ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
        if (n <= 0) {
          fd.reset();
          if (!callback_error) try {
              lines.finish();
            } catch (...) {
              callback_error = std::current_exception();
            }
          return;
        }
        sink.append(buffer, static_cast<size_t>(n));
        if (!callback_error) try {
            lines.feed(buffer, static_cast<size_t>(n));
          } catch (...) {
            callback_error = std::current_exception();
          }
      };
      drain(out_i, out_r, result.out, out_lines);
      drain(err_i, err_r, result.err, err_lines);
      if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
        ssize_t n = ::write(in_w.fd, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if ((n < 0 && errno != EINTR && errno != EAGAIN) || written == input.size()) in_w.reset();
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("waitpid");
  }
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = -1;
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  if (callback_error) std::rethrow_exception(callback_error);
  return result;
}

ProcessResult run_checked(const ProcessSpec& spec, const std::vector<int>& ok_codes) {
  ProcessResult result = run_process(spec);
  for (int code : ok_codes)
    if (result.signal == 0 && result.exit_code == code) return result;
  app::Redactor redactor;
  for (const auto& [name, value] : spec.secret_env) redactor.add(name, value);
  for (const auto& value : spec.mask_values) redactor.add("value", value);
  throw CommandError(spec.argv, result.exit_code, result.signal, redactor.redact(tail_lines(result.err)));
}

}  // namespace stackctl::clients
