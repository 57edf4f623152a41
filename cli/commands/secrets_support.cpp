#include "commands/secrets_support.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "app/output_protection.hpp"
#include "config/loader.hpp"
#include "config/names.hpp"
#include "config/suggest.hpp"
#include "secrets/keys.hpp"

namespace stackctl::commands {

void require_environment(const GlobalOptions& g, const std::string& environment) {
  auto names = config::list_environments(g.root);
  if (std::find(names.begin(), names.end(), environment) == names.end())
    throw std::runtime_error("no environment \"" + environment + "\" (environments/" + environment + ".yaml)" +
                             config::did_you_mean(environment, names));
}

void require_secret_name(const std::string& name) {
  if (!config::is_dns1123_label(name, 253))
    throw std::runtime_error("secret name \"" + name + "\" " + config::dns1123_problem(name, 253));
}

secrets::Vault open_vault(const GlobalOptions& g, const std::string& environment, bool redact_stdout) {
  require_environment(g, environment);
  auto file = secrets::read_secrets_file(g.root, environment);
  if (!file)
    throw std::runtime_error("environment " + environment + " has no secrets file " +
                             secrets::secrets_file_name(environment) + "; create it with `stackctl secrets init " +
                             environment + "`");
  auto identities = secrets::load_identities();
  auto vault = secrets::Vault::open(std::move(*file), identities.identities);
  app::protect_output(vault.reveal(), redact_stdout);
  return vault;
}

void save_vault(const GlobalOptions& g, const secrets::Vault& vault) {
  secrets::write_secrets_file(g.root, vault.file());
}

namespace {

std::string prompt_hidden(int tty, const std::string& prompt) {
  if (write(tty, prompt.data(), prompt.size()) < 0) throw std::runtime_error("cannot write to the terminal");
  termios old{};
  tcgetattr(tty, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(tty, TCSAFLUSH, &quiet);
  std::string value;
  char c;
  while (read(tty, &c, 1) == 1 && c != '\n') value += c;
  tcsetattr(tty, TCSAFLUSH, &old);
  if (write(tty, "\n", 1) < 0) throw std::runtime_error("cannot write to the terminal");
  return value;
}

}  // namespace

std::string read_secret_value(const std::string& name) {
  std::string value;
  if (!isatty(STDIN_FILENO)) {
    value.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
  } else {
    int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) throw std::runtime_error("no terminal to ask for the value of " + name + "; pipe it to stdin");
    value = prompt_hidden(tty, "value of " + name + ": ");
    std::string again = prompt_hidden(tty, "again: ");
    close(tty);
    if (again != value) throw std::runtime_error("the two values of " + name + " differ; nothing was changed");
  }
  if (value.empty()) throw std::runtime_error("the value of " + name + " is empty; nothing was changed");
  return value;
}

}  // namespace stackctl::commands
