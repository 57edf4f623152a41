// The service kit (services/common), through a minimal service built on it
// (kit_fixture_service.cpp) and directly against PostgreSQL for kit::pg.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "kit/config.hpp"
#include "kit/pg.hpp"
#include "metrics_text.hpp"
#include "service_process.hpp"
#include "test_database.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Fixture {
  std::filesystem::path ready_file =
      std::filesystem::temp_directory_path() / ("kit-ready-" + std::to_string(test::free_port()));
  test::Env env(test::Env extra = {}) const {
    extra.emplace("READY_FILE", ready_file.string());
    return extra;
  }
  Fixture() { std::ofstream(ready_file) << "ok"; }
  ~Fixture() { std::filesystem::remove(ready_file); }
};

std::vector<json> log_lines(const std::string& output) {
  std::vector<json> lines;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));  // every line is one JSON object
  return lines;
}

}  // namespace

TEST_CASE("a missing or invalid variable stops the service with a message naming it") {
  auto [code, output] = test::run_to_completion(KIT_FIXTURE_SERVICE, {{"PORT", "eighty"}, {"MAX_SLEEP_MS", "-5"}}, {});
  CHECK(code == 78);
  CHECK(output.find("READY_FILE: required but not set") != std::string::npos);
  CHECK(output.find("PORT: \"eighty\" is not an integer") != std::string::npos);
  CHECK(output.find("MAX_SLEEP_MS: -5 is out of range [0, 60000]") != std::string::npos);
  // The log line is structured too.
  auto first = log_lines(output.substr(0, output.find('\n') + 1)).front();
  CHECK(first["event"] == "config_invalid");
  CHECK(first["problems"].size() == 3);
}

TEST_CASE("kit::Config reads NAME from the file NAME_FILE names (how stackctl passes secrets)") {
  const auto dir = std::filesystem::temp_directory_path() / ("kit-config-" + std::to_string(test::free_port()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "DB_PASSWORD") << "s3cret value\n";
  std::ofstream(dir / "TOKEN") << "no-newline";
  std::map<std::string, std::string> env = {
      {"DB_PASSWORD_FILE", (dir / "DB_PASSWORD").string()}, {"TOKEN_FILE", (dir / "TOKEN").string()}, {"PLAIN", "p"}};
  auto lookup = [&](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  SUBCASE("the file's content without one trailing newline") {
    kit::Config config(lookup);
    CHECK(config.secret("DB_PASSWORD") == "s3cret value");
    CHECK(config.optional("TOKEN", "x") == "no-newline");
    CHECK(config.required("PLAIN") == "p");
    CHECK(config.has("DB_PASSWORD"));
    CHECK_NOTHROW(config.finish());
  }
  SUBCASE("an unreadable file is a problem naming NAME_FILE and the path, never a value") {
    env["DB_PASSWORD_FILE"] = (dir / "missing").string();
    kit::Config config(lookup);
    CHECK(config.secret("DB_PASSWORD").empty());
    try {
      config.finish();
      FAIL("finish() did not throw");
    } catch (const kit::ConfigError& e) {
      REQUIRE(e.problems().size() == 2);  // unreadable, and so required but not set
      CHECK(e.problems()[0].find("DB_PASSWORD_FILE: cannot read \"" + (dir / "missing").string()) == 0);
      CHECK(e.problems()[0].find("No such file") != std::string::npos);
    }
  }
  SUBCASE("NAME and NAME_FILE both set is a problem, whichever accessor asks") {
    env["DB_PASSWORD"] = "from-env";
    kit::Config config(lookup);
    CHECK(config.optional("DB_PASSWORD", "fallback") == "fallback");
    try {
      config.finish();
      FAIL("finish() did not throw");
    } catch (const kit::ConfigError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0] == "DB_PASSWORD: both DB_PASSWORD and DB_PASSWORD_FILE are set; set only one");
      CHECK(std::string(e.what()).find("from-env") == std::string::npos);
      CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a secret given as a file reaches the service; a bad file stops it with exit 78") {
  Fixture f;
  const auto file = std::filesystem::temp_directory_path() / ("kit-ready-file-" + std::to_string(test::free_port()));
  std::ofstream(file) << f.ready_file.string() << "\n";
  // READY_FILE is required by the fixture service: given only as READY_FILE_FILE.
  auto [code, output] =
      test::run_to_completion(KIT_FIXTURE_SERVICE, {{"PORT", "eighty"}, {"READY_FILE_FILE", file.string()}}, {});
  CHECK(code == 78);
  CHECK(output.find("READY_FILE: required but not set") == std::string::npos);
  CHECK(output.find("PORT: \"eighty\" is not an integer") != std::string::npos);
  auto [code2, output2] = test::run_to_completion(
      KIT_FIXTURE_SERVICE, {{"PORT", "1"}, {"READY_FILE_FILE", (file.string() + ".missing")}}, {});
  CHECK(code2 == 78);
  CHECK(output2.find("READY_FILE_FILE: cannot read") != std::string::npos);
  std::filesystem::remove(file);
}

TEST_CASE("health, readiness, version and JSON errors") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env({{"GIT_COMMIT", "abc123"}}));
  REQUIRE(service.wait_ready());
  httplib::Client client("127.0.0.1", service.port());

  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(json::parse(health->body)["status"] == "ok");

  auto version = json::parse(client.Get("/version")->body);
  CHECK(version["service"] == "kit-fixture");
  CHECK(version["version"] == "0.1.0");
  CHECK(version["commit"] == "abc123");

  std::filesystem::remove(f.ready_file);
  auto unready = client.Get("/readyz");
  CHECK(unready->status == 503);
  CHECK(json::parse(unready->body)["checks"]["ready-file"] == f.ready_file.string() + " does not exist");
  std::ofstream(f.ready_file) << "ok";
  CHECK(client.Get("/readyz")->status == 200);

  auto missing = client.Get("/nope");
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body)["error"] == "not found");

  auto rejected = client.Get("/slow/999999");
  CHECK(rejected->status == 400);
  CHECK(json::parse(rejected->body) == json{{"error", "too slow"}, {"max_ms", 10000}});

  auto bad_json = client.Post("/echo", "{\"a\":", "application/json");
  CHECK(bad_json->status == 400);
  CHECK(json::parse(bad_json->body)["error"].get<std::string>().rfind("request body is not valid JSON", 0) == 0);

  auto [healthy, out] =
      test::run_to_completion(KIT_FIXTURE_SERVICE, {{"PORT", std::to_string(service.port())}}, {"healthcheck"});
  CHECK(healthy == 0);
  auto [unhealthy, why] =
      test::run_to_completion(KIT_FIXTURE_SERVICE, {{"PORT", std::to_string(test::free_port())}}, {"healthcheck"});
  CHECK(unhealthy == 1);
  CHECK(why.find("healthcheck: GET http://127.0.0.1:") != std::string::npos);

  auto failed = client.Get("/fail");
  CHECK(failed->status == 500);
  auto failure = json::parse(failed->body);
  CHECK(failure["error"] == "internal error");
  CHECK(failure["request_id"] == failed->get_header_value("X-Request-Id"));
}

TEST_CASE("request ids tie every log line of a request together") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env());
  REQUIRE(service.wait_ready());
  httplib::Client client("127.0.0.1", service.port());

  auto given = client.Get("/slow/1", {{"X-Request-Id", "req-from-proxy.1"}});
  CHECK(given->get_header_value("X-Request-Id") == "req-from-proxy.1");
  auto generated = client.Get("/slow/2", {{"X-Request-Id", "not valid!"}});
  auto id = generated->get_header_value("X-Request-Id");
  CHECK(id.size() == 24);
  CHECK(id != "not valid!");

  std::this_thread::sleep_for(100ms);
  int sleeping = 0, requests = 0;
  for (const auto& line : log_lines(service.output())) {
    CHECK(line.contains("ts"));
    CHECK(line["service"] == "kit-fixture");
    if (line["event"] == "sleeping" && line["ms"] == 2) {
      CHECK(line["request_id"] == id);
      ++sleeping;
    }
    if (line["event"] == "request" && line["route"] == "/slow/{ms}") {
      CHECK(line["request_id"] == (line["path"] == "/slow/1" ? "req-from-proxy.1" : id));
      CHECK(line["status"] == 200);
      CHECK(line["method"] == "GET");
      ++requests;
    }
  }
  CHECK(sleeping == 1);
  CHECK(requests == 2);
}

TEST_CASE("metrics count requests, errors and latency per route") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env());
  REQUIRE(service.wait_ready());
  httplib::Client client("127.0.0.1", service.port());
  for (int i = 0; i < 3; ++i) client.Get("/slow/20");
  client.Get("/fail");
  client.Get("/fail");

  auto res = client.Get("/metrics");
  CHECK(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  const auto& m = res->body;
  CHECK(m.find("# TYPE http_requests_total counter") != std::string::npos);
  CHECK(test::metric_value(m, R"(http_requests_total{method="GET",route="/slow/{ms}",status="200"})") == "3");
  CHECK(test::metric_value(m, R"(http_requests_total{method="GET",route="/fail",status="500"})") == "2");
  CHECK(test::metric_value(m, R"(http_request_errors_total{route="/fail"})") == "2");
  CHECK(test::metric_value(m, R"(http_request_duration_seconds_count{route="/slow/{ms}"})") == "3");
  // 20 ms sleeps: none within 10 ms, the sum at least 60 ms.
  CHECK(test::metric_value(m, R"(http_request_duration_seconds_bucket{route="/slow/{ms}",le="0.01"})") == "0");
  CHECK(std::stod(test::metric_value(m, R"(http_request_duration_seconds_sum{route="/slow/{ms}"})")) >= 0.06);
  CHECK(test::metric_value(m, R"(http_request_duration_seconds_bucket{route="/slow/{ms}",le="+Inf"})") == "3");
  CHECK(test::metric_value(m, "http_requests_in_flight") == "1");  // this scrape
}

TEST_CASE("SIGTERM drains in-flight requests, refuses new ones and exits 0") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env());
  REQUIRE(service.wait_ready());
  auto slow = std::async(std::launch::async, [port = service.port()] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    return client.Get("/slow/1500");
  });
  std::this_thread::sleep_for(300ms);
  service.signal(SIGTERM);
  std::this_thread::sleep_for(300ms);

  httplib::Client late("127.0.0.1", service.port());
  late.set_connection_timeout(1);
  CHECK_FALSE(late.Get("/healthz"));  // no longer accepting

  auto res = slow.get();
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["slept_ms"] == 1500);
  CHECK(service.wait_exit(5s) == 0);
  auto lines = log_lines(service.output());
  CHECK(lines.back()["event"] == "stopped");
}

TEST_CASE("a shutdown delay reports not ready while still serving") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env({{"SHUTDOWN_DELAY_SECONDS", "2"}}));
  REQUIRE(service.wait_ready());
  service.signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  httplib::Client client("127.0.0.1", service.port());
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 503);
  CHECK(json::parse(ready->body)["checks"]["shutdown"] == "draining");
  CHECK(client.Get("/healthz")->status == 200);
  CHECK(service.wait_exit(5s) == 0);
}

TEST_CASE("requests still running after the grace period end the process with 1") {
  Fixture f;
  test::ServiceProcess service(KIT_FIXTURE_SERVICE, f.env({{"GRACE_PERIOD_SECONDS", "1"}}));
  REQUIRE(service.wait_ready());
  auto slow = std::async(std::launch::async, [port = service.port()] {
    httplib::Client client("127.0.0.1", port);
    return client.Get("/slow/8000");
  });
  std::this_thread::sleep_for(300ms);
  auto start = std::chrono::steady_clock::now();
  service.signal(SIGTERM);
  CHECK(service.wait_exit(5s) == 1);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(service.output().find("\"event\":\"shutdown_timeout\"") != std::string::npos);
  CHECK_FALSE(slow.get());
}

TEST_CASE("kit::pg migrations apply once, in order, and refuse an edited migration") {
  test::TestDatabase db("kit_migrate");
  std::vector<kit::pg::Migration> migrations = {
      {2, "add_column", "ALTER TABLE things ADD COLUMN size integer;"},
      {1, "create", "CREATE TABLE things (name text PRIMARY KEY);"},
  };
  CHECK(kit::pg::migrate(db.conn(), migrations) == 2);
  CHECK(kit::pg::migrate(db.conn(), migrations) == 0);
  auto recorded = db.conn().exec("SELECT version, name FROM schema_migrations ORDER BY version");
  REQUIRE(recorded.rows() == 2);
  CHECK(recorded.text(1, 1) == "add_column");

  migrations[0].sql = "ALTER TABLE things ADD COLUMN weight integer;";
  CHECK_THROWS_WITH(kit::pg::migrate(db.conn(), migrations),
                    "migration 2 (add_column) was changed after it was applied; add a new migration instead");

  // A migration of comments only (a placeholder) is applied and recorded.
  std::vector<kit::pg::Migration> placeholder = {{4, "placeholder", "-- nothing yet\n"}};
  CHECK(kit::pg::migrate(db.conn(), placeholder) == 1);

  // A failing migration leaves nothing behind and is not recorded.
  std::vector<kit::pg::Migration> broken = {{3, "broken", "CREATE TABLE extra (a int); SELECT no_such_column;"}};
  CHECK_THROWS(kit::pg::migrate(db.conn(), broken));
  CHECK(db.conn().exec("SELECT 1 FROM pg_tables WHERE tablename = 'extra'").rows() == 0);
  CHECK(db.conn().exec("SELECT 1 FROM schema_migrations WHERE version = 3").rows() == 0);
}

TEST_CASE("kit::pg migrations from replicas starting together apply once") {
  test::TestDatabase db("kit_race");
  std::vector<kit::pg::Migration> migrations = {{1, "create", "CREATE TABLE t (a int); SELECT pg_sleep(0.2);"}};
  auto settings = db.settings();
  auto run = [&] {
    kit::pg::Connection conn(settings);
    return kit::pg::migrate(conn, migrations);
  };
  auto a = std::async(std::launch::async, run);
  auto b = std::async(std::launch::async, run);
  CHECK(a.get() + b.get() == 1);
}

TEST_CASE("kit::pg COPY round-trips awkward text and aborts cleanly") {
  test::TestDatabase db("kit_copy");
  auto& conn = db.conn();
  conn.exec("CREATE TABLE t (a text, b text)");
  std::vector<std::string> values = {"tab\there", "new\nline", "back\\slash", "\\N", "carriage\rreturn", "plain"};
  auto copied = conn.copy_in("COPY t (a, b) FROM STDIN", [&](kit::pg::CopyWriter& w) {
    for (const auto& v : values) {
      w.field(v);
      w.null_field();
      w.end_row();
    }
  });
  CHECK(copied == static_cast<long long>(values.size()));
  auto rows = conn.exec("SELECT a, b IS NULL FROM t");
  REQUIRE(rows.rows() == static_cast<int>(values.size()));
  for (int i = 0; i < rows.rows(); ++i) {
    CHECK(rows.text(i, 0) == values[i]);
    CHECK(rows.text(i, 1) == "t");
  }

  CHECK_THROWS_WITH(conn.copy_in("COPY t (a, b) FROM STDIN",
                                 [](kit::pg::CopyWriter& w) {
                                   w.field("x");
                                   w.field("y");
                                   w.end_row();
                                   w.flush();
                                   throw std::runtime_error("client gave up");
                                 }),
                    "client gave up");
  CHECK(conn.exec("SELECT count(*) FROM t").integer(0, 0) == static_cast<long long>(values.size()));
  CHECK(conn.healthy());
}

TEST_CASE("kit::pg pool reuses connections and reports an unreachable server") {
  test::TestDatabase db("kit_pool");
  auto settings = db.settings();
  settings.pool_size = 2;
  kit::pg::Pool pool(settings);
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    CHECK_THROWS_WITH(pool.acquire(100ms), "no database connection free within 100 ms");
  }
  pool.ping();

  auto unreachable = settings;
  for (auto& [key, value] : unreachable.params)
    if (key == "port") value = std::to_string(test::free_port());
  kit::pg::Pool dead(unreachable);
  try {
    dead.ping();
    FAIL("ping should fail");
  } catch (const kit::pg::Error& e) {
    std::string message = e.what();
    CHECK(message.rfind("cannot connect to PostgreSQL at postgres@127.0.0.1:", 0) == 0);
    CHECK(message.find("password") == std::string::npos);
  }
}
