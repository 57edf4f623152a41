// stackctl secrets edit ENV: every secret as `name: value` in $EDITOR.
//
// The clear text only ever exists in a 0600 file on tmpfs (/dev/shm) when
// the machine has one, which is overwritten and removed whatever happens.
// The editor gets the file's path, never a value. An invalid result leaves
// the secrets file as it was.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/exit_code.hpp"
#include "commands/secrets_support.hpp"
#include "config/diagnostics.hpp"
#include "config/yaml_parse.hpp"
#include "render/yaml_emit.hpp"

namespace stackctl::commands {
namespace {

/// A private temporary file, wiped and removed on destruction.
class ClearTextFile {
 public:
  ClearTextFile() {
    struct stat st {};
    bool tmpfs = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0;
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = tmpfs ? "/dev/shm" : (tmp && *tmp ? tmp : "/tmp");
    if (!tmpfs)
      std::fprintf(stderr,
                   "stackctl: warning: no tmpfs at /dev/shm; the file being edited is on disk in %s "
                   "(wiped and removed afterwards)\n",
                   dir.c_str());
    path_ = dir + "/stackctl-secrets-XXXXXX.yaml";
    int fd = mkstemps(path_.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + dir);
    fchmod(fd, 0600);
    close(fd);
  }
  ~ClearTextFile() {
    struct stat st {};
    if (stat(path_.c_str(), &st) == 0) {
      int fd = open(path_.c_str(), O_WRONLY);
      if (fd >= 0) {
        std::string zeros(static_cast<size_t>(st.st_size), '\0');
        if (write(fd, zeros.data(), zeros.size()) < 0) { /* removed below anyway */
        }
        fsync(fd);
        close(fd);
      }
    }
    unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void run_editor(const std::string& path) {
  const char* visual = std::getenv("VISUAL");
  const char* editor = std::getenv("EDITOR");
  std::string command = visual && *visual ? visual : editor && *editor ? editor : "vi";
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start the editor");
  if (pid == 0) {
    // Through the shell so EDITOR may carry flags ("code --wait"); the path is $1.
    execl("/bin/sh", "sh", "-c", (command + " \"$1\"").c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the editor (" + command + ") failed; nothing was changed");
}

}  // namespace

int secrets_edit(const GlobalOptions& g, const std::string& environment) {
  auto vault = open_vault(g, environment);
  ClearTextFile file;
  auto values = vault.reveal();
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [name, value] : values) doc[name] = value;
  {
    std::ofstream out(file.path(), std::ios::trunc);
    out << "# Secrets of " << environment << ": one `name: value` per line. Save and quit to apply;\n"
        << "# delete a line to remove that secret. This file is removed afterwards.\n"
        << (values.empty() ? std::string("{}\n") : render::to_yaml(doc));
  }
  run_editor(file.path());

  std::ifstream in(file.path());
  std::stringstream text;
  text << in.rdbuf();
  config::Node edited;
  try {
    edited = config::parse_yaml(text.str(), "(edited secrets of " + environment + ")");
  } catch (const config::InvalidInput&) {
    std::fprintf(stderr, "stackctl: the edited text is not valid YAML; %s is unchanged\n",
                 secrets::secrets_file_name(environment).c_str());
    throw;
  }
  if (!edited.is_map() && !edited.is_null())
    throw std::runtime_error("the edited text must be a map of name: value; " +
                             secrets::secrets_file_name(environment) + " is unchanged");
  std::map<std::string, std::string> next;
  if (edited.is_map())
    for (const auto& entry : edited.entries()) {
      require_secret_name(entry.key);
      if (!entry.value->is_scalar() || entry.value->text().empty())
        throw std::runtime_error("secret " + entry.key + " must have a non-empty text value; " +
                                 secrets::secrets_file_name(environment) + " is unchanged");
      next[entry.key] = entry.value->text();
    }
  size_t changed = 0;
  for (const auto& name : vault.names())
    if (!next.count(name)) changed += vault.remove(name);
  for (const auto& [name, value] : next) {
    auto before = vault.contains(name) ? vault.get(name) : std::string();
    if (before != value) {
      vault.set(name, value);
      ++changed;
    }
    sodium_memzero(before.data(), before.size());
  }
  for (auto& [name, value] : values) sodium_memzero(value.data(), value.size());
  if (changed == 0) {
    std::fprintf(stderr, "stackctl: no change\n");
    return app::ok;
  }
  save_vault(g, vault);
  std::fprintf(stderr, "stackctl: %zu secret%s changed in %s\n", changed, changed == 1 ? "" : "s",
               secrets::secrets_file_name(environment).c_str());
  return app::ok;
}

}  // namespace stackctl::commands
