// clients::Gcloud against the real gcloud (528) with an empty CLOUDSDK_CONFIG
// (nobody logged in), and, for what needs an account, recorded transcripts
// replayed by transcript_stub.py (argv checked word for word).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "clients/gcloud.hpp"
#include "temp_dir.hpp"
#include "transcript.hpp"

using namespace stackctl::clients;
using stackctl::testing::TempDir;
using stackctl::testing::Transcript;

namespace {
GcloudOptions empty_config(const TempDir& config) { return GcloudOptions{"gcloud", {{"CLOUDSDK_CONFIG", config.path.string()}}}; }
}  // namespace

TEST_CASE("gcloud real: nobody logged in: check_auth says how to log in") {
  TempDir config;
  Gcloud g(empty_config(config));
  CHECK_THROWS_WITH_AS(g.check_auth("stackctl-demo"),
                       "not logged in to gcloud: run `gcloud auth login` and `gcloud auth application-default login`",
                       AccessError);
}

TEST_CASE("gcloud real: nobody logged in: get_credentials and access_token fail clearly, kubeconfig private") {
  TempDir config, home;
  Gcloud g(empty_config(config));
  auto kc = home.path / "kube" / "config";
  CHECK_THROWS_WITH_AS(g.get_credentials("stackctl-prod", "europe-west1", "stackctl-demo", kc),
                       doctest::Contains("not logged in to gcloud"), AccessError);
  struct stat st;
  REQUIRE(::stat(kc.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_THROWS_AS(g.access_token(), AccessError);
}

TEST_CASE("gcloud: not on PATH") {
  Gcloud g(GcloudOptions{"gcloud", {{"PATH", "/nonexistent"}}});
  CHECK_THROWS_WITH_AS(g.access_token(), "gcloud not found on PATH; install it (docs/targets/gcp.md)", ToolNotFound);
}

TEST_CASE("gcloud transcript: check_auth with an active account and an accessible project") {
  Transcript t("gcloud", "gcloud_check_auth_ok");
  Gcloud g(GcloudOptions{"gcloud", t.env()});
  CHECK(g.check_auth("stackctl-demo") == "dev@example.com");
  CHECK(t.calls_made() == t.recorded_calls());
}

TEST_CASE("gcloud transcript: check_auth on a project the account cannot see") {
  Transcript t("gcloud", "gcloud_check_auth_no_project");
  Gcloud g(GcloudOptions{"gcloud", t.env()});
  try {
    g.check_auth("nope-project");
    FAIL("no throw");
  } catch (const AccessError& e) {
    std::string m = e.what();
    CHECK(m.rfind("project nope-project is not accessible to dev@example.com", 0) == 0);
    CHECK(m.find("does not have permission to access projects instance [nope-project]") != std::string::npos);
  }
  CHECK(t.calls_made() == 2);
}

TEST_CASE("gcloud transcript: get_credentials writes only the private kubeconfig") {
  Transcript t("gcloud", "gcloud_get_credentials_ok");
  TempDir home;
  auto kc = home.path / "state" / "kubeconfig";
  Gcloud g(GcloudOptions{"gcloud", t.env()});
  g.get_credentials("stackctl-prod", "europe-west1", "stackctl-demo", kc);
  CHECK(t.calls_made() == 1);
  std::ifstream in(kc);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("current-context: gke_stackctl-demo_europe-west1_stackctl-prod") != std::string::npos);
  struct stat st;
  REQUIRE(::stat(kc.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("gcloud transcript: a wrong argv is refused by the stub (the check has teeth)") {
  Transcript t("gcloud", "gcloud_get_credentials_ok");
  TempDir home;
  Gcloud g(GcloudOptions{"gcloud", t.env()});
  CHECK_THROWS_WITH_AS(g.get_credentials("other-cluster", "europe-west1", "stackctl-demo", home.path / "kc"),
                       doctest::Contains("argv mismatch"), CommandError);
}

TEST_CASE("gcloud transcript: access_token returns the token") {
  Transcript t("gcloud", "gcloud_print_access_token");
  Gcloud g(GcloudOptions{"gcloud", t.env()});
  CHECK(g.access_token() == "ya29.a0AcM612xRecordedFakeTokenForStackctlTests0123456789abcdefghijklmnop");
  CHECK(t.calls_made() == 1);
}
