#include "docker/relay_binary.hpp"

#include <sodium.h>
#include <stdlib.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "docker/build_context.hpp"

namespace fs = std::filesystem;

namespace stackctl::docker {

const char* const relay_dockerfile =
    "FROM scratch\n"
    "COPY stackctl-relay /stackctl-relay\n"
    "USER 65534:65534\n"
    "ENTRYPOINT [\"/stackctl-relay\"]\n";

namespace {

constexpr const char* kBinaryName = "stackctl-relay";

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);  // follows symlinks; false on any error
}

std::string read_binary(const fs::path& binary) {
  std::ifstream in(binary, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the stackctl-relay binary " + binary.string());
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw std::runtime_error("cannot read the stackctl-relay binary " + binary.string());
  return bytes;
}

// A private temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "stackctl-relay-ctx.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "cannot create a temporary folder in " +
                                                                  fs::temp_directory_path().string());
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

fs::path relay_binary_path(const fs::path& executable, const std::optional<std::string>& env_override) {
  if (env_override && !env_override->empty()) {
    const fs::path p = *env_override;
    if (is_file(p)) return p;
    throw std::runtime_error("STACKCTL_RELAY is set to " + p.string() + ", which is not a file");
  }
  const fs::path dir = executable.parent_path();
  const std::vector<fs::path> candidates = {
      dir / kBinaryName,
      (dir / ".." / "libexec" / "stackctl" / kBinaryName).lexically_normal(),
  };
  std::string looked;
  for (const auto& c : candidates) {
    if (is_file(c)) return c;
    looked += "\n  " + c.string();
  }
  throw std::runtime_error("stackctl-relay not found; looked at:" + looked +
                           "\n  $STACKCTL_RELAY (not set)\n"
                           "build it with the project (cmake --build) or set STACKCTL_RELAY to its path");
}

fs::path relay_binary_path() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const char* env = std::getenv("STACKCTL_RELAY");
  const std::optional<std::string> override = env ? std::optional<std::string>(env) : std::nullopt;
  if (ec && !(override && !override->empty()))
    throw std::runtime_error("stackctl-relay not found: cannot read /proc/self/exe (" + ec.message() +
                             ") and STACKCTL_RELAY is not set");
  return relay_binary_path(self, override);
}

std::string relay_build_context(const fs::path& binary) {
  const std::string bytes = read_binary(binary);
  TempDir dir;
  {
    std::ofstream out(dir.path() / "Dockerfile", std::ios::binary);
    out << relay_dockerfile;
    std::ofstream bin(dir.path() / kBinaryName, std::ios::binary);
    bin.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out || !bin) throw std::runtime_error("cannot write the relay build context in " + dir.path().string());
  }
  // make_build_context marks files with an owner-exec bit 0755.
  fs::permissions(dir.path() / kBinaryName, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                                fs::perms::others_read | fs::perms::others_exec);
  return make_build_context(dir.path(), {kBinaryName}, "Dockerfile").tar;
}

std::string relay_image_tag(const fs::path& binary) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  const std::string bytes = read_binary(binary);
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  static const char* hex = "0123456789abcdef";
  std::string tag = "stackctl/relay:";
  for (size_t i = 0; i < 8; ++i) {
    tag += hex[hash[i] >> 4];
    tag += hex[hash[i] & 15];
  }
  return tag;
}

}  // namespace stackctl::docker
