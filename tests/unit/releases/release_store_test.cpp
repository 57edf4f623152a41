// The release store on a real (bare) git repository, read back with libgit2
// and with the git command line.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "temp_dir.hpp"
#include "releases/release_store.hpp"

using stackctl::releases::Release;
using stackctl::releases::ReleaseStore;

namespace {

using stackctl::testing::TempDir;

Release release(const std::string& env, const std::string& note, const std::string& digest) {
  Release r;
  r.environment = env;
  r.source_commit = "0123456789abcdef";
  r.user = "alice";
  r.note = note;
  r.images = {{"rates-api", "rates-api@sha256:" + digest}};
  r.files = {{"kubernetes/namespace.yaml", "kind: Namespace\n"},
             {"kubernetes/services/rates-api/deployment.yaml", "image: rates-api@sha256:" + digest + "\n"}};
  return r;
}

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  char buffer[256];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  return out;
}

}  // namespace

TEST_CASE("releases are numbered per environment and read back whole") {
  TempDir dir;
  auto git_dir = dir.path / "releases.git";
  {
    auto store = ReleaseStore::open(git_dir);
    CHECK(store.history("local").empty());
    CHECK(store.record(release("local", "", "aaa")) == 1);
    CHECK(store.record(release("local", "", "bbb")) == 2);
    CHECK(store.record(release("staging", "", "ccc")) == 1);
    CHECK(store.record(release("local", "rollback to release 1", "aaa")) == 3);
  }
  auto store = ReleaseStore::open(git_dir);  // survives reopening
  auto history = store.history("local");
  REQUIRE(history.size() == 3);
  CHECK(history[0].number == 3);
  CHECK(history[0].note == "rollback to release 1");
  CHECK(history[2].number == 1);
  CHECK(history[1].images.at("rates-api") == "rates-api@sha256:bbb");
  CHECK(history[1].files.empty());
  CHECK(history[1].user == "alice");
  CHECK(history[1].time.size() == 20);  // 2026-11-22T17:00:00Z

  auto second = store.get("local", 2);
  REQUIRE(second);
  CHECK(second->files.at("kubernetes/services/rates-api/deployment.yaml") == "image: rates-api@sha256:bbb\n");
  CHECK(second->files.at("kubernetes/namespace.yaml") == "kind: Namespace\n");
  CHECK_FALSE(store.get("local", 9));
  CHECK_FALSE(store.get("production", 1));
  CHECK(store.history("staging").size() == 1);

  // Plain git sees one branch per environment and one commit per release.
  auto log = run("git --git-dir='" + git_dir.string() + "' log --format=%s local 2>&1");
  CHECK(log == "release 3 of local: rollback to release 1\nrelease 2 of local\nrelease 1 of local\n");
  auto shown = run("git --git-dir='" + git_dir.string() + "' show staging:manifests/kubernetes/namespace.yaml 2>&1");
  CHECK(shown == "kind: Namespace\n");
}

TEST_CASE("an unusable store location is reported with its path") {
  TempDir dir;
  auto file = dir.path / "not-a-dir";
  std::FILE* f = std::fopen(file.c_str(), "w");
  std::fclose(f);
  CHECK_THROWS_WITH(ReleaseStore::open(file / "releases.git"), doctest::Contains("not-a-dir/releases.git"));
}
