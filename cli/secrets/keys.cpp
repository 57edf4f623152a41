#include "secrets/keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stackctl::secrets {

std::filesystem::path default_key_file() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "stackctl" / "age-keys.txt";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".config" / "stackctl" / "age-keys.txt";
}

LoadedIdentities load_identities() {
  if (const char* inline_keys = std::getenv("STACKCTL_AGE_KEY"); inline_keys && *inline_keys)
    return {crypto::age::parse_identity_file(inline_keys, "STACKCTL_AGE_KEY"), "STACKCTL_AGE_KEY"};
  std::filesystem::path file = default_key_file();
  const char* named = std::getenv("STACKCTL_AGE_KEY_FILE");
  if (named && *named) file = named;
  std::ifstream in(file);
  if (!in) {
    if (named && *named) throw std::runtime_error("STACKCTL_AGE_KEY_FILE: cannot read " + file.string());
    throw std::runtime_error("no age identity: set STACKCTL_AGE_KEY or STACKCTL_AGE_KEY_FILE, or create " +
                             file.string() + " with `stackctl secrets keygen`");
  }
  std::stringstream text;
  text << in.rdbuf();
  auto identities = crypto::age::parse_identity_file(text.str(), file.string());
  if (identities.empty()) throw std::runtime_error(file.string() + ": holds no AGE-SECRET-KEY-1 identity");
  return {std::move(identities), file.string()};
}

crypto::age::Identity write_new_identity(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw std::runtime_error("cannot create " + path.parent_path().string() + ": " + ec.message());
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) throw std::runtime_error(path.string() + " already exists; it is not overwritten");
    throw std::runtime_error("cannot create " + path.string());
  }
  auto identity = crypto::age::generate_identity();
  std::string text = "# created by stackctl secrets keygen\n# public key: " + identity.recipient().to_string() + "\n" +
                     identity.to_string() + "\n";
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(path.c_str());
    throw std::runtime_error("cannot write " + path.string());
  }
  return identity;
}

}  // namespace stackctl::secrets
