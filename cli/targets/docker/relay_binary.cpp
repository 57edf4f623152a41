#include "targets/docker/relay_binary.hpp"

#include <stdlib.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "images/digest.hpp"
#include "clients/engine/build_context.hpp"

namespace fs = std::filesystem;

namespace stackctl::targets::docker {

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
  return engine::make_tar({{"Dockerfile", relay_dockerfile, 0644}, {kBinaryName, read_binary(binary), 0755}});
}

// The whole context: a changed binary or Dockerfile gets a new image, an
// unchanged one is not rebuilt.
std::string relay_image_tag(const fs::path& binary) {
  return "stackctl/relay:" + images::blake2b_hex(relay_build_context(binary), 16);
}

}  // namespace stackctl::targets::docker
