// Build contexts: the same inputs give the same bytes; build*/ and .git are left out.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "clients/engine/tar_reader.hpp"
#include "clients/engine/build_context.hpp"

namespace fs = std::filesystem;
using stackctl::engine::make_build_context;

namespace {

using stackctl::testing::TempDir;

using stackctl::testing::read_tar;
using stackctl::testing::TarEntry;

void make_project(const TempDir& d) {
  d.write("services/common/lib.txt", "common\n");
  d.write("services/rates-api/main.py", "print(1)\n");
  d.write("services/rates-api/run.sh", "#!/bin/sh\n");
  fs::permissions(d.path / "services/rates-api/run.sh", fs::perms::owner_all, fs::perm_options::add);
  d.write("services/rates-api/build/out.o", "junk");
  d.write("services/rates-api/build-rel/out.o", "junk");
  d.write("services/rates-api/.git/HEAD", "ref");
  d.write("services/rates-api/Dockerfile", "FROM scratch\n");
  d.write("unrelated.txt", "no");
}

}  // namespace

TEST_CASE("a context holds the inputs and the Dockerfile, sorted, without build*/ and .git") {
  TempDir d;
  make_project(d);
  const auto ctx =
      make_build_context(d.path, {"services/rates-api", "services/common"}, "services/rates-api/Dockerfile");
  CHECK(ctx.dockerfile == "services/rates-api/Dockerfile");
  const std::vector<std::string> expected = {"services/",
                                             "services/common/",
                                             "services/common/lib.txt",
                                             "services/rates-api/",
                                             "services/rates-api/Dockerfile",
                                             "services/rates-api/main.py",
                                             "services/rates-api/run.sh"};
  CHECK(ctx.entries == expected);
  const auto tar = read_tar(ctx.tar);
  REQUIRE(tar.size() == expected.size());
  std::map<std::string, TarEntry> by_path;
  for (const auto& t : tar) by_path[t.path] = t;
  CHECK(by_path["services/common/lib.txt"].content == "common\n");
  CHECK(by_path["services/common/lib.txt"].mode == 0644);
  CHECK(by_path["services/rates-api/run.sh"].mode == 0755);
  CHECK(by_path["services/"].mode == 0755);
  for (const auto& t : tar) {
    CHECK(t.mtime == 0);
    CHECK(t.uid == 0);
  }
}

TEST_CASE("the same inputs give the same bytes, whatever the mtimes and input order") {
  TempDir d;
  make_project(d);
  const auto a = make_build_context(d.path, {"services/common", "services/rates-api"}, "services/rates-api/Dockerfile");
  fs::last_write_time(d.path / "services/common/lib.txt", fs::file_time_type::clock::now() - std::chrono::hours(5));
  fs::permissions(d.path / "services/common/lib.txt", fs::perms::group_write, fs::perm_options::add);
  const auto b =
      make_build_context(d.path, {"services/rates-api", "services/common/"}, "services/rates-api/Dockerfile");
  CHECK(a.tar == b.tar);
  d.write("services/common/lib.txt", "changed\n");
  const auto c = make_build_context(d.path, {"services/common", "services/rates-api"}, "services/rates-api/Dockerfile");
  CHECK(a.tar != c.tar);
}

TEST_CASE("bad inputs are reported") {
  TempDir d;
  make_project(d);
  CHECK_THROWS_WITH(make_build_context(d.path, {"services/missing"}, "services/rates-api/Dockerfile"),
                    doctest::Contains("build input not found"));
  CHECK_THROWS_WITH(make_build_context(d.path, {"services/common"}, "Dockerfile"),
                    doctest::Contains("Dockerfile not found"));
  CHECK_THROWS_AS(make_build_context(d.path, {"../etc"}, "services/rates-api/Dockerfile"), std::invalid_argument);
  CHECK_THROWS_AS(make_build_context(d.path, {"/etc"}, "services/rates-api/Dockerfile"), std::invalid_argument);
}
