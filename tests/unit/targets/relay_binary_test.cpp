// The relay binary lookup, its image's build context and tag.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoped_env.hpp"
#include "temp_dir.hpp"
#include "clients/engine/tar_reader.hpp"
#include "images/digest.hpp"
#include "targets/docker/relay_binary.hpp"

namespace fs = std::filesystem;
using namespace stackctl::targets::docker;

namespace {

using stackctl::testing::ScopedEnv;
using stackctl::testing::TempDir;

using stackctl::testing::read_tar;
using stackctl::testing::TarEntry;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("the relay is found next to the executable first, then in ../libexec/stackctl") {
  TempDir d;
  const fs::path exe = d.write("bin/stackctl", "", true);
  const fs::path installed = d.write("libexec/stackctl/stackctl-relay", "installed", true);
  CHECK(relay_binary_path(exe, std::nullopt) == installed);

  const fs::path beside = d.write("bin/stackctl-relay", "beside", true);
  CHECK(relay_binary_path(exe, std::nullopt) == beside);
  CHECK(relay_binary_path(exe, std::string()) == beside);  // an empty STACKCTL_RELAY counts as unset
}

TEST_CASE("STACKCTL_RELAY wins, and must name a file") {
  TempDir d;
  const fs::path exe = d.write("bin/stackctl", "", true);
  d.write("bin/stackctl-relay", "beside", true);
  const fs::path custom = d.write("elsewhere/my-relay", "custom", true);
  CHECK(relay_binary_path(exe, custom.string()) == custom);

  const std::string missing = (d.path / "nope").string();
  const std::string msg = message_of([&] { relay_binary_path(exe, missing); });
  CHECK(msg.find("STACKCTL_RELAY") != std::string::npos);
  CHECK(msg.find(missing) != std::string::npos);

  // The real lookup reads the variable.
  ScopedEnv env("STACKCTL_RELAY", custom.string());
  CHECK(relay_binary_path() == custom);
}

TEST_CASE("a missing relay is an error naming every place looked at") {
  TempDir d;
  const fs::path exe = d.write("bin/stackctl", "", true);
  fs::create_directories(d.path / "bin/stackctl-relay");  // a folder is not the binary
  const std::string msg = message_of([&] { relay_binary_path(exe, std::nullopt); });
  CHECK(msg.find("stackctl-relay not found") != std::string::npos);
  CHECK(msg.find((d.path / "bin/stackctl-relay").string()) != std::string::npos);
  CHECK(msg.find((d.path / "libexec/stackctl/stackctl-relay").string()) != std::string::npos);
  CHECK(msg.find("STACKCTL_RELAY") != std::string::npos);
}

TEST_CASE("the real lookup starts from /proc/self/exe") {
  ScopedEnv env("STACKCTL_RELAY", std::nullopt);
  const fs::path self = fs::read_symlink("/proc/self/exe");
  try {
    const fs::path found = relay_binary_path();
    CHECK((found == self.parent_path() / "stackctl-relay" ||
           found == (self.parent_path() / "../libexec/stackctl/stackctl-relay").lexically_normal()));
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find((self.parent_path() / "stackctl-relay").string()) != std::string::npos);
  }
}

TEST_CASE("the build context holds the scratch Dockerfile and the binary, 0755, deterministically") {
  TempDir d;
  const std::string bytes("\x7f" "ELF\0\1\2 relay bytes", 20);
  const fs::path bin = d.write("some-name", bytes);  // not executable, other name: normalised anyway
  const std::string tar = relay_build_context(bin);
  const auto entries = read_tar(tar);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].path == "Dockerfile");
  CHECK(entries[0].mode == 0644);
  CHECK(entries[0].content == relay_dockerfile);
  CHECK(entries[1].path == "stackctl-relay");
  CHECK(entries[1].regular);
  CHECK(entries[1].mode == 0755);
  CHECK(entries[1].content == bytes);
  for (const auto& e : entries) {
    CHECK(e.mtime == 0);
    CHECK(e.uid == 0);
  }
  const std::string dockerfile = relay_dockerfile;
  CHECK(dockerfile.starts_with("FROM scratch\n"));
  CHECK(dockerfile.find("COPY stackctl-relay /stackctl-relay\n") != std::string::npos);
  CHECK(dockerfile.find("USER 65534:65534\n") != std::string::npos);
  CHECK(dockerfile.find("ENTRYPOINT [\"/stackctl-relay\"]\n") != std::string::npos);

  // Same bytes from another path (and another mode): the same archive.
  const fs::path again = d.write("dir/stackctl-relay", bytes, true);
  CHECK(relay_build_context(again) == tar);
  CHECK(relay_build_context(bin) == tar);
  CHECK_THROWS_AS(relay_build_context(d.path / "missing"), std::runtime_error);
}

TEST_CASE("the image tag is the first 16 hex digits of the BLAKE2b of the build context") {
  TempDir d;
  const fs::path empty = d.write("empty", "");
  CHECK(relay_image_tag(empty) == "stackctl/relay:" + stackctl::images::blake2b_hex(relay_build_context(empty), 16));

  const std::string a = relay_image_tag(d.write("a/stackctl-relay", "one binary"));
  CHECK(std::regex_match(a, std::regex("stackctl/relay:[0-9a-f]{16}")));
  CHECK(relay_image_tag(d.write("b/other-name", "one binary")) == a);  // the content decides, not the path
  CHECK(relay_image_tag(d.write("c/stackctl-relay", "one binary!")) != a);
  CHECK_THROWS_AS(relay_image_tag(d.path / "missing"), std::runtime_error);
}
