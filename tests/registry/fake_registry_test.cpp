// RegistryClient against a fake registry (cpp-httplib on 127.0.0.1, so a
// program of its own: the unit test binary does not link cpp-httplib): Basic
// and Bearer authentication (one token per scope), the upload sequence with a
// relative Location, the registry's errors[] in messages, and no password,
// Basic string or token in any error text, even when the registry echoes them.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "clients/registry/digest.hpp"
#include "clients/registry/errors.hpp"
#include "clients/registry/registry_client.hpp"
#include "temp_dir.hpp"  // tests/unit/temp_dir.hpp

using namespace stackctl::registry;

namespace {

constexpr const char* kPassword = "s3cret-Pa55word";
constexpr const char* kBasic = "Basic dXNlcjpzM2NyZXQtUGE1NXdvcmQ=";  // user:s3cret-Pa55word
constexpr const char* kToken = "tok-0123456789";

struct FakeRegistry {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  bool bearer = false;
  bool refuse_all = false;
  int realm_port = 0;  // where the Bearer challenge sends for a token; 0: this server
  std::atomic<int> token_requests{0};
  std::string last_scope, uploaded, put_digest;

  explicit FakeRegistry(bool use_bearer) : bearer(use_bearer) {
    const auto authorised = [this](const httplib::Request& req) {
      return !refuse_all && req.get_header_value("Authorization") == (bearer ? std::string("Bearer ") + kToken : kBasic);
    };
    const auto deny = [this](const httplib::Request& req, httplib::Response& res) {
      res.status = 401;
      res.set_header("WWW-Authenticate",
                     bearer ? "Bearer realm=\"http://127.0.0.1:" + std::to_string(realm_port ? realm_port : port) +
                                  "/token\",service=\"fake\",scope=\"repository:team/api:pull\""
                            : std::string("Basic realm=\"fake registry\""));
      // A careless registry echoing what it got, to prove the redaction.
      res.set_content(R"({"errors":[{"code":"UNAUTHORIZED","message":"bad )" + req.get_header_value("Authorization") +
                          " " + kPassword + R"("}]})",
                      "application/json");
    };
    server.Get("/token", [this](const httplib::Request& req, httplib::Response& res) {
      ++token_requests;
      last_scope.clear();
      for (auto [it, end] = req.params.equal_range("scope"); it != end; ++it) last_scope += it->second + ";";
      if (req.get_header_value("Authorization") != kBasic || req.get_param_value("service") != "fake") {
        res.status = 401;
        res.set_content(R"({"errors":[{"code":"DENIED","message":"no"}]})", "application/json");
        return;
      }
      res.set_content(std::string(R"({"access_token":")") + kToken + "\"}", "application/json");
    });
    server.Get("/v2/", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) return deny(req, res);
      res.set_content("{}", "application/json");
    });
    server.Get(R"(/v2/team/api/blobs/(.+))", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) return deny(req, res);
      res.status = req.matches[1] == put_digest ? 200 : 404;
    });
    server.Post("/v2/team/api/blobs/uploads/", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) return deny(req, res);
      res.status = 202;
      res.set_header("Location", "/v2/team/api/blobs/uploads/u1?_state=opaque");
    });
    server.Put("/v2/team/api/blobs/uploads/u1", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) return deny(req, res);
      if (req.get_param_value("_state") != "opaque") return void(res.status = 400);
      uploaded = req.body;
      put_digest = req.get_param_value("digest");
      res.status = 201;
      res.set_header("Docker-Content-Digest", put_digest);
    });
    server.Put(R"(/v2/team/api/manifests/(.+))", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) return deny(req, res);
      if (req.matches[1] == "bad") {
        res.status = 400;
        res.set_content(R"({"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry"}]})",
                        "application/json");
        return;
      }
      res.status = 201;
      res.set_header("Docker-Content-Digest", sha256_digest(req.body));
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeRegistry() {
    server.stop();
    thread.join();
  }

  RegistryTarget target(const std::string& password = kPassword) const {
    return {"127.0.0.1:" + std::to_string(port), "team/api", "v1", {"user", password}, Scheme::automatic};
  }
};

void push_one_blob(RegistryClient& client, const stackctl::testing::TempDir& dir, FakeRegistry& fake) {
  const std::string blob = "layer bytes";
  const auto file = dir.write("blob", blob);
  const std::string digest = sha256_digest(blob);
  CHECK_FALSE(client.blob_exists(digest));
  client.upload_blob(digest, file);
  CHECK(fake.uploaded == blob);
  CHECK(client.blob_exists(digest));
  const std::string manifest = R"({"schemaVersion":2})";
  CHECK(client.put_manifest("v1", manifest, "application/vnd.oci.image.manifest.v1+json") == sha256_digest(manifest));
}

}  // namespace

TEST_CASE("Basic authentication: push a blob and a manifest") {
  FakeRegistry fake(false);
  RegistryClient client(fake.target());
  CHECK(client.origin() == "http://127.0.0.1:" + std::to_string(fake.port));
  client.ping();
  stackctl::testing::TempDir dir;
  push_one_blob(client, dir, fake);
  CHECK(fake.token_requests == 0);
}

TEST_CASE("Bearer authentication: one token for the repository scope, reused") {
  FakeRegistry fake(true);
  RegistryClient client(fake.target());
  client.ping();
  stackctl::testing::TempDir dir;
  push_one_blob(client, dir, fake);
  CHECK(fake.token_requests == 1);
  CHECK(fake.last_scope == "repository:team/api:pull,push;repository:team/api:pull;");
}

TEST_CASE("wrong credentials: status 401, the registry's code, no secret in the text") {
  for (bool bearer : {false, true}) {
    FakeRegistry fake(bearer);
    RegistryClient client(fake.target("wrong-password-123"));
    try {
      client.ping();
      FAIL("ping should have thrown");
    } catch (const RegistryError& e) {
      const std::string what = e.what();
      CHECK(e.status() == 401);
      CHECK(what.find("401") != std::string::npos);
      CHECK(what.find(bearer ? "DENIED" : "UNAUTHORIZED") != std::string::npos);
      CHECK(what.find("wrong-password-123") == std::string::npos);
      CHECK(what.find("d3JvbmctcGFzc3dvcmQtMTIz") == std::string::npos);  // base64 of the password part
      CHECK(what.find("user") != std::string::npos);
    }
  }
}

TEST_CASE("a registry echoing the credentials: they are redacted from errors") {
  FakeRegistry fake(false);
  RegistryClient client(fake.target());
  client.ping();
  fake.refuse_all = true;  // now every request is refused, with the Authorization header echoed back
  try {
    client.put_manifest("v1", "{}", "application/vnd.oci.image.manifest.v1+json");
    FAIL("should have thrown");
  } catch (const RegistryError& e) {
    const std::string what = e.what();
    CHECK(e.status() == 401);
    CHECK(what.find(kPassword) == std::string::npos);
    CHECK(what.find("dXNlcjpzM2NyZXQtUGE1NXdvcmQ=") == std::string::npos);
    CHECK(what.find("[redacted]") != std::string::npos);
  }
}

TEST_CASE("the registry's errors[] and status are in the error") {
  FakeRegistry fake(false);
  RegistryClient client(fake.target());
  client.ping();
  try {
    client.put_manifest("bad", "{}", "application/vnd.oci.image.manifest.v1+json");
    FAIL("should have thrown");
  } catch (const RegistryError& e) {
    CHECK(e.status() == 400);
    CHECK(e.codes() == std::vector<std::string>{"MANIFEST_BLOB_UNKNOWN"});
    CHECK(std::string(e.what()).find("PUT /v2/team/api/manifests/bad") != std::string::npos);
    CHECK(std::string(e.what()).find("MANIFEST_BLOB_UNKNOWN: blob unknown to registry") != std::string::npos);
  }
}

TEST_CASE("an unreachable registry; an invalid target") {
  int port;
  {
    FakeRegistry fake(false);
    port = fake.port;
  }
  RegistryClient client({"127.0.0.1:" + std::to_string(port), "team/api", "v1", {"user", kPassword}});
  CHECK_THROWS_WITH_AS(client.ping(), doctest::Contains("cannot reach the registry at http://127.0.0.1:"),
                       RegistryError);
  CHECK_THROWS_AS(RegistryClient({"h", "Team/API", "v1", {}}), std::invalid_argument);

  // A token server that is down is named as such, not as the registry.
  FakeRegistry bearer(true);
  bearer.realm_port = port;
  RegistryClient token_client(bearer.target());
  const std::string expected = "cannot reach the token server of registry 127.0.0.1:" + std::to_string(bearer.port) +
                               " at http://127.0.0.1:" + std::to_string(port);
  CHECK_THROWS_WITH_AS(token_client.ping(), doctest::Contains(expected.c_str()), RegistryError);
  CHECK_THROWS_AS(RegistryClient({"h", "team/api", "bad tag", {}}), std::invalid_argument);
  CHECK_THROWS_AS(RegistryClient({"", "team", "v1", {}}), std::invalid_argument);
}

