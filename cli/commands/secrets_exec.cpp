// stackctl secrets exec ENV -- COMMAND...: runs COMMAND with the
// environment's secrets as environment variables (never argv), its output
// masked like stackctl's own; exits with its exit code.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "app/exit_code.hpp"
#include "commands/secrets_support.hpp"
#include "secrets/delivery.hpp"

extern char** environ;

namespace stackctl::commands {

int secrets_exec(const GlobalOptions& g, const std::string& environment, const std::vector<std::string>& command) {
  auto vault = open_vault(g, environment);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : secrets::process_environment(vault.reveal())) env[name] = value;
  std::vector<std::string> entries;
  for (const auto& [name, value] : env) entries.push_back(name + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = command;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + command.front());
  if (pid == 0) {
    execvpe(argv[0], argv.data(), envp.data());
    std::fprintf(stderr, "stackctl: cannot run %s: %s\n", command.front().c_str(), std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace stackctl::commands
