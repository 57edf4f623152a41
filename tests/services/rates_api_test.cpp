// rates-api (brief 004) against a real PostgreSQL loaded with the brief's
// dataset (../shared/data/rates.sql) through the service's own seed step.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "service_process.hpp"
#include "test_database.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string binary = SERVICES_BINARY_DIR "/rates-api/rates-api";
const std::string dataset = SHARED_DATA_DIR "/rates.sql";

// A database migrated and seeded by `rates-api seed`.
struct SeededDatabase {
  test::TestDatabase db;
  explicit SeededDatabase(const std::string& prefix) : db(prefix) {
    auto [code, output] = test::run_to_completion(binary, db.service_env(), {"seed", dataset});
    REQUIRE_MESSAGE(code == 0, output);
  }
};

// One seeded database for the read-only cases.
SeededDatabase& shared_database() {
  static SeededDatabase seeded("rates_read");
  return seeded;
}

struct RunningApi {
  test::ServiceProcess process;
  httplib::Client client;
  RunningApi(const test::TestDatabase& db, test::Env extra = {})
      : process(binary,
                [&] {
                  auto env = db.service_env();
                  env.merge(extra);
                  env.emplace("MAX_RANGE_DAYS", "366");
                  return env;
                }()),
        client("127.0.0.1", process.port()) {
    REQUIRE_MESSAGE(process.wait_ready(), process.output());
    client.set_read_timeout(120);
    client.set_write_timeout(120);
  }
  httplib::Result get(const std::string& path) { return client.Get(path.c_str()); }
  httplib::Result post_batch(const json& rows, httplib::Headers headers = {}) {
    return client.Post("/prices/batch", headers, rows.dump(), "application/json");
  }
};

json body_of(const httplib::Result& res) {
  REQUIRE(res);
  return json::parse(res->body);
}

long long count_prices(kit::pg::Connection& conn) { return conn.exec("SELECT count(*) FROM prices").integer(0, 0); }

// Expected /rates entries computed in C++ from the raw rows, not with the
// service's SQL.
struct DayStats {
  long long count = 0;
  double sum = 0;
};
std::map<std::string, DayStats> raw_stats(kit::pg::Connection& conn, const std::set<std::string>& origins,
                                          const std::set<std::string>& destinations, const std::string& from,
                                          const std::string& to) {
  std::map<std::string, DayStats> stats;
  auto rows = conn.exec("SELECT orig_code, dest_code, to_char(day, 'YYYY-MM-DD'), price FROM prices");
  for (int i = 0; i < rows.rows(); ++i) {
    std::string day(rows.text(i, 2));
    if (day < from || day > to) continue;
    if (!origins.count(std::string(rows.text(i, 0))) || !destinations.count(std::string(rows.text(i, 1)))) continue;
    stats[day].count++;
    stats[day].sum += static_cast<double>(rows.integer(i, 3));
  }
  return stats;
}

// The ports a region covers, walking the hierarchy in C++.
std::set<std::string> ports_under(kit::pg::Connection& conn, const std::string& slug) {
  std::multimap<std::string, std::string> children;
  auto regions = conn.exec("SELECT slug, coalesce(parent_slug, '') FROM regions");
  for (int i = 0; i < regions.rows(); ++i)
    children.emplace(std::string(regions.text(i, 1)), std::string(regions.text(i, 0)));
  std::set<std::string> covered = {slug};
  std::vector<std::string> todo = {slug};
  while (!todo.empty()) {
    auto next = todo.back();
    todo.pop_back();
    auto [a, b] = children.equal_range(next);
    for (auto it = a; it != b; ++it)
      if (covered.insert(it->second).second) todo.push_back(it->second);
  }
  std::set<std::string> ports;
  auto rows = conn.exec("SELECT code, parent_slug FROM ports");
  for (int i = 0; i < rows.rows(); ++i)
    if (covered.count(std::string(rows.text(i, 1)))) ports.insert(std::string(rows.text(i, 0)));
  return ports;
}

void check_against_raw(const json& rates, const std::map<std::string, DayStats>& expected, int days) {
  REQUIRE(rates.size() == static_cast<std::size_t>(days));
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const auto& entry = rates[i];
    if (i > 0) CHECK(entry["day"].get<std::string>() < rates[i - 1]["day"].get<std::string>());  // newest first
    auto it = expected.find(entry["day"]);
    long long count = it == expected.end() ? 0 : it->second.count;
    CHECK(entry["count"] == count);
    if (count < 3) {
      CHECK(entry["price"].is_null());
    } else {
      CHECK(entry["price"].get<double>() ==
            doctest::Approx(it->second.sum / static_cast<double>(count)).epsilon(1e-12));
    }
  }
}

json rows_for(const std::string& orig, const std::string& dest, const std::string& day, int n, int price = 100) {
  auto rows = json::array();
  for (int i = 0; i < n; ++i)
    rows.push_back({{"orig_code", orig}, {"dest_code", dest}, {"day", day}, {"price", price + i % 7}});
  return rows;
}

}  // namespace

TEST_CASE("the brief's curl example returns the shown values") {
  RunningApi api(shared_database().db);
  auto res = api.get("/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&dest_code=EETLL");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  auto rates = body_of(res)["rates"];
  REQUIRE(rates.size() == 31);
  CHECK(rates[0]["day"] == "2016-01-31");
  CHECK(rates[0]["count"] == 3);
  CHECK(rates[0]["price"].get<double>() == doctest::Approx(1154.33333333333).epsilon(1e-12));
  CHECK(rates[1]["day"] == "2016-01-30");
  CHECK(rates[1]["count"] == 3);
  CHECK(rates[1]["price"].get<double>() == doctest::Approx(1154.33333333333).epsilon(1e-12));
  CHECK(rates[30]["day"] == "2016-01-01");
  check_against_raw(rates, raw_stats(shared_database().db.conn(), {"CNGGZ"}, {"EETLL"}, "2016-01-01", "2016-01-31"),
                    31);
}

TEST_CASE("days with fewer than 3 prices have a null price; days with none count 0") {
  auto& conn = shared_database().db.conn();
  auto sparse = conn.exec(
      "SELECT orig_code, dest_code, to_char(day, 'YYYY-MM-DD') FROM prices GROUP BY 1, 2, 3 "
      "HAVING count(*) BETWEEN 1 AND 2 ORDER BY 1, 2, 3 LIMIT 1");
  REQUIRE(sparse.rows() == 1);
  std::string orig(sparse.text(0, 0)), dest(sparse.text(0, 1)), day(sparse.text(0, 2));
  RunningApi api(shared_database().db);
  // The whole month plus days after the dataset ends (no prices at all).
  auto rates = body_of(
      api.get("/rates?date_from=2016-01-01&date_to=2016-02-10&orig_code=" + orig + "&dest_code=" + dest))["rates"];
  check_against_raw(rates, raw_stats(conn, {orig}, {dest}, "2016-01-01", "2016-02-10"), 41);
  CHECK(rates[0] == json{{"count", 0}, {"day", "2016-02-10"}, {"price", nullptr}});
  bool saw_sparse = false;
  for (const auto& entry : rates)
    if (entry["day"] == day) {
      saw_sparse = true;
      CHECK(entry["price"].is_null());
      CHECK(entry["count"].get<int>() >= 1);
    }
  CHECK(saw_sparse);
}

TEST_CASE("regions cover their ports and those of every descendant region") {
  auto& conn = shared_database().db.conn();
  auto china = ports_under(conn, "china_main");
  auto north = ports_under(conn, "northern_europe");
  auto scandinavia = ports_under(conn, "scandinavia");
  CHECK(china.count("CNGGZ"));
  CHECK(north.count("EETLL"));
  CHECK(scandinavia.count("SEMMA"));  // via kattegat
  CHECK(north.size() > scandinavia.size());

  RunningApi api(shared_database().db);
  auto expect = [&](const std::string& query, const std::set<std::string>& from, const std::set<std::string>& to) {
    CAPTURE(query);
    auto res = api.get("/rates?date_from=2016-01-10&date_to=2016-01-20&" + query);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    check_against_raw(body_of(res)["rates"], raw_stats(conn, from, to, "2016-01-10", "2016-01-20"), 11);
  };
  expect("origin=china_main&destination=northern_europe", china, north);
  expect("origin=CNGGZ&destination=scandinavia", {"CNGGZ"}, scandinavia);
  // orig_code/dest_code take slugs too: the parameters are synonyms.
  expect("orig_code=china_main&dest_code=EETLL", china, {"EETLL"});
  expect("orig_code=CNSHK&destination=NOOSL", {"CNSHK"}, {"NOOSL"});
}

TEST_CASE("bad input gets 400 with an error and never a 500") {
  RunningApi api(shared_database().db, {{"MAX_RANGE_DAYS", "31"}});
  const std::string lane = "&orig_code=CNGGZ&dest_code=EETLL";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/rates?date_to=2016-01-31" + lane, "date_from is required (YYYY-MM-DD)"},
      {"/rates?date_from=2016-01-01" + lane, "date_to is required (YYYY-MM-DD)"},
      {"/rates?date_from=2016-02-30&date_to=2016-03-01" + lane, "date_from must be a calendar date as YYYY-MM-DD"},
      {"/rates?date_from=2016-1-01&date_to=2016-01-31" + lane, "date_from must be a calendar date as YYYY-MM-DD"},
      {"/rates?date_from=2016-01-01&date_to=yesterday" + lane, "date_to must be a calendar date as YYYY-MM-DD"},
      {"/rates?date_from=2016-01-01&date_from=2016-01-02&date_to=2016-01-31" + lane,
       "date_from is given more than once"},
      {"/rates?date_from=2016-01-31&date_to=2016-01-01" + lane, "date_from is after date_to"},
      {"/rates?date_from=2016-01-01&date_to=2016-02-01" + lane, "the range covers 32 days; at most 31 are allowed"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&dest_code=EETLL",
       "orig_code is required (a port code or region slug)"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ",
       "dest_code is required (a port code or region slug)"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=XXXXX&dest_code=EETLL",
       "unknown origin: XXXXX is neither a port code nor a region slug"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&destination=atlantis",
       "unknown destination: atlantis is neither a port code nor a region slug"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&origin=CNGGZ&dest_code=EETLL",
       "give orig_code or origin, not both"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ%27%20OR%201%3D1--&dest_code=EETLL",
       "orig_code must be a port code or region slug ([A-Za-z0-9_-], at most 64)"},
      {"/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&dest_code=EETLL%3BDROP%20TABLE%20prices",
       "dest_code must be a port code or region slug ([A-Za-z0-9_-], at most 64)"},
      {"/rates?date_from=2016-01-01%27;--&date_to=2016-01-31" + lane,
       "date_from must be a calendar date as YYYY-MM-DD"},
  };
  for (const auto& [path, error] : cases) {
    CAPTURE(path);
    auto res = api.get(path);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(body_of(res) == json{{"error", error}});
  }
  CHECK(count_prices(shared_database().db.conn()) == 56689);  // the dataset is intact
  auto metrics = api.get("/metrics")->body;
  CHECK(metrics.find("status=\"500\"") == std::string::npos);
}

TEST_CASE("a batch goes in whole, and GET /rates sees it") {
  SeededDatabase seeded("rates_batch");
  auto& conn = seeded.db.conn();
  auto before = count_prices(conn);
  RunningApi api(seeded.db);

  auto rows = rows_for("CNGGZ", "EETLL", "2017-03-01", 3000);
  auto res = api.post_batch(rows);
  REQUIRE(res);
  CHECK(res->status == 201);
  CHECK(body_of(res) == json{{"inserted", 3000}});
  CHECK(count_prices(conn) == before + 3000);

  auto rates = body_of(api.get("/rates?date_from=2017-03-01&date_to=2017-03-01&orig_code=CNGGZ&dest_code=EETLL"));
  double sum = 0;
  for (const auto& r : rows) sum += r["price"].get<double>();
  CHECK(rates["rates"][0]["count"] == 3000);
  CHECK(rates["rates"][0]["price"].get<double>() == doctest::Approx(sum / 3000).epsilon(1e-12));

  auto empty = api.post_batch(json::array());
  CHECK(empty->status == 201);
  CHECK(body_of(empty) == json{{"inserted", 0}});

  auto metrics = api.get("/metrics")->body;
  CHECK(metrics.find("rates_batch_rows_total 3000") != std::string::npos);
}

TEST_CASE("one invalid row rejects the whole batch with 422 and the offending indexes") {
  SeededDatabase seeded("rates_invalid");
  auto& conn = seeded.db.conn();
  auto before = count_prices(conn);
  RunningApi api(seeded.db);

  auto rows = rows_for("CNGGZ", "EETLL", "2017-03-02", 20);
  rows[1]["orig_code"] = "ZZZZZ";
  rows[3]["dest_code"] = 42;
  rows[5]["day"] = "2017-02-29";
  rows[7]["price"] = 0;
  rows[8]["price"] = -5;
  rows[9]["price"] = 12.5;
  rows[10]["price"] = "100";
  rows[11].erase("day");
  rows[12]["currency"] = "USD";
  rows[13] = "CNGGZ,EETLL,2017-03-02,100";
  rows[14]["price"] = 4294967296LL;
  auto res = api.post_batch(rows);
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(body_of(res) == json{{"error", "11 of 20 rows are invalid; nothing was stored"},
                             {"invalid_count", 11},
                             {"invalid",
                              {{{"index", 1}, {"error", "orig_code: unknown port"}},
                               {{"index", 3}, {"error", "dest_code: unknown port"}},
                               {{"index", 5}, {"error", "day: not a date as YYYY-MM-DD"}},
                               {{"index", 7}, {"error", "price: must be a positive integer below 2^31"}},
                               {{"index", 8}, {"error", "price: must be a positive integer below 2^31"}},
                               {{"index", 9}, {"error", "price: must be a positive integer"}},
                               {{"index", 10}, {"error", "price: must be a positive integer"}},
                               {{"index", 11}, {"error", "missing day"}},
                               {{"index", 12}, {"error", "unknown field currency"}},
                               {{"index", 13}, {"error", "must be an object {orig_code, dest_code, day, price}"}},
                               {{"index", 14}, {"error", "price: must be a positive integer below 2^31"}}}}});
  CHECK(count_prices(conn) == before);

  // Many bad rows: every one counted, the first 100 listed.
  auto many = rows_for("CNGGZ", "NOPE1", "2017-03-02", 250);
  auto listed = body_of(api.post_batch(many));
  CHECK(listed["invalid_count"] == 250);
  CHECK(listed["invalid"].size() == 100);

  auto not_json = api.client.Post("/prices/batch", "[{\"orig_code\":", "application/json");
  CHECK(not_json->status == 400);
  auto not_array = api.client.Post("/prices/batch", "{\"rows\": []}", "application/json");
  CHECK(not_array->status == 400);
  CHECK(body_of(not_array) == json{{"error", "the body must be a JSON array of {orig_code, dest_code, day, price}"}});
  CHECK(count_prices(conn) == before);
}

TEST_CASE("a batch over MAX_BATCH_ROWS is refused with 413") {
  SeededDatabase seeded("rates_limit");
  RunningApi api(seeded.db, {{"MAX_BATCH_ROWS", "100"}});
  auto res = api.post_batch(rows_for("CNGGZ", "EETLL", "2017-03-03", 101));
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(body_of(res) == json{{"error", "the batch has 101 rows; at most 100 are allowed"}});
  CHECK(api.post_batch(rows_for("CNGGZ", "EETLL", "2017-03-03", 100))->status == 201);
}

TEST_CASE("an Idempotency-Key makes a retry safe") {
  SeededDatabase seeded("rates_idem");
  auto& conn = seeded.db.conn();
  auto before = count_prices(conn);
  RunningApi api(seeded.db);
  auto rows = rows_for("CNGGZ", "EETLL", "2017-03-04", 500);

  auto first = api.post_batch(rows, {{"Idempotency-Key", "batch-2017-03-04"}});
  CHECK(first->status == 201);
  CHECK_FALSE(first->has_header("Idempotent-Replayed"));
  auto retry = api.post_batch(rows, {{"Idempotency-Key", "batch-2017-03-04"}});
  CHECK(retry->status == 201);
  CHECK(retry->get_header_value("Idempotent-Replayed") == "true");
  CHECK(body_of(retry) == json{{"inserted", 500}});
  CHECK(count_prices(conn) == before + 500);

  auto other = api.post_batch(rows_for("CNGGZ", "EETLL", "2017-03-05", 10), {{"Idempotency-Key", "batch-2017-03-04"}});
  CHECK(other->status == 422);
  CHECK(body_of(other) == json{{"error", "Idempotency-Key batch-2017-03-04 was already used for a different batch"}});
  auto bad_key = api.post_batch(rows, {{"Idempotency-Key", std::string(300, 'k')}});
  CHECK(bad_key->status == 400);
  CHECK(count_prices(conn) == before + 500);

  // The same batch sent twice at once is stored once.
  auto send = [&] {
    httplib::Client client("127.0.0.1", api.process.port());
    client.set_read_timeout(60);
    return client
        .Post("/prices/batch", {{"Idempotency-Key", "concurrent"}},
              rows_for("CNGGZ", "EETLL", "2017-03-06", 20000).dump(), "application/json")
        ->status;
  };
  auto a = std::async(std::launch::async, send);
  auto b = std::async(std::launch::async, send);
  CHECK(a.get() == 201);
  CHECK(b.get() == 201);
  CHECK(count_prices(conn) == before + 500 + 20000);
}

TEST_CASE("a batch killed midway leaves zero rows") {
  SeededDatabase seeded("rates_kill");
  auto& conn = seeded.db.conn();
  auto before = count_prices(conn);
  RunningApi api(seeded.db, {{"MAX_BATCH_ROWS", "2000000"}});
  auto rows = rows_for("CNGGZ", "EETLL", "2017-04-01", 600000).dump();
  auto sending = std::async(std::launch::async, [&] {
    httplib::Client client("127.0.0.1", api.process.port());
    client.set_read_timeout(120);
    return client.Post("/prices/batch", rows, "application/json");
  });

  // Wait until the service's backend is inside the COPY, then kill the service.
  const std::string copying =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
      "AND query LIKE 'COPY prices%'";
  bool in_copy = false;
  for (int i = 0; i < 600 && !in_copy; ++i) {
    in_copy = conn.exec(copying).integer(0, 0) > 0;
    if (!in_copy) std::this_thread::sleep_for(10ms);
  }
  REQUIRE(in_copy);
  api.process.signal(SIGKILL);
  CHECK(api.process.wait_exit(5s) == 128 + SIGKILL);
  CHECK_FALSE(sending.get());

  // The server notices the dead client and rolls the transaction back.
  const std::string sessions =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
  for (int i = 0; i < 500 && conn.exec(sessions).integer(0, 0) > 0; ++i) std::this_thread::sleep_for(20ms);
  CHECK(conn.exec(sessions).integer(0, 0) == 0);
  CHECK(count_prices(conn) == before);
}

TEST_CASE("readiness follows the database") {
  SeededDatabase seeded("rates_ready");
  RunningApi api(seeded.db);
  CHECK(api.get("/readyz")->status == 200);

  test::TestDatabase::admin(seeded.db.name(), "ALTER DATABASE {} ALLOW_CONNECTIONS false");
  test::TestDatabase::admin(seeded.db.name(),
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'");
  auto unready = api.get("/readyz");
  REQUIRE(unready);
  CHECK(unready->status == 503);
  CHECK(body_of(unready)["checks"]["database"].get<std::string>().find("cannot connect to PostgreSQL") !=
        std::string::npos);
  CHECK(api.get("/healthz")->status == 200);  // alive, just not ready
  auto unavailable = api.get("/rates?date_from=2016-01-01&date_to=2016-01-02&orig_code=CNGGZ&dest_code=EETLL");
  CHECK(unavailable->status == 503);
  CHECK(body_of(unavailable) == json{{"error", "database unavailable"}});

  test::TestDatabase::admin(seeded.db.name(), "ALTER DATABASE {} ALLOW_CONNECTIONS true");
  CHECK(api.get("/readyz")->status == 200);
  CHECK(api.get("/rates?date_from=2016-01-01&date_to=2016-01-02&orig_code=CNGGZ&dest_code=EETLL")->status == 200);
}

TEST_CASE("migrate and seed are safe to re-run; a changed or malformed seed is refused") {
  test::TestDatabase db("rates_seed");
  auto env = db.service_env();
  auto [migrated, out1] = test::run_to_completion(binary, env, {"migrate"});
  CHECK(migrated == 0);
  CHECK(out1.find("2 migration(s) applied") != std::string::npos);
  auto [again, out2] = test::run_to_completion(binary, env, {"migrate"});
  CHECK(again == 0);
  CHECK(out2.find("0 migration(s) applied") != std::string::npos);

  auto [seeded, out3] = test::run_to_completion(binary, env, {"seed", dataset});
  CHECK(seeded == 0);
  CHECK(out3.find("loaded (56852 rows)") != std::string::npos);
  auto [reseeded, out4] = test::run_to_completion(binary, env, {"seed", dataset});
  CHECK(reseeded == 0);
  CHECK(out4.find("was loaded before; nothing to do") != std::string::npos);
  CHECK(db.conn()
            .exec("SELECT (SELECT count(*) FROM ports), (SELECT count(*) FROM regions), "
                  "(SELECT count(*) FROM prices)")
            .text(0, 0) == "143");
  CHECK(count_prices(db.conn()) == 56689);

  auto dir = std::filesystem::temp_directory_path() / ("rates-seed-" + db.name());
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  // Same name, different contents.
  auto changed = write("rates.sql", "COPY regions (slug, name, parent_slug) FROM stdin;\nx\tX\t\\N\n\\.\n");
  auto [refused, out5] = test::run_to_completion(binary, env, {"seed", changed});
  CHECK(refused == 1);
  CHECK(out5.find("seed rates.sql was applied before with different contents") != std::string::npos);

  auto unterminated = write("a.sql", "-- dump\n\nCOPY ports (code, name, parent_slug) FROM stdin;\nAAAAA\tA\tx\n");
  auto [code6, out6] = test::run_to_completion(binary, env, {"seed", unterminated});
  CHECK(code6 == 1);
  CHECK(out6.find(unterminated + ":3: COPY ports is not terminated by \\.") != std::string::npos);
  auto foreign = write("b.sql", "COPY users (name) FROM stdin;\n\\.\n");
  auto [code7, out7] = test::run_to_completion(binary, env, {"seed", foreign});
  CHECK(code7 == 1);
  CHECK(out7.find(foreign + ":1: table users is not seedable") != std::string::npos);
  // A port in a region that does not exist: the deferred key fails at commit and nothing stays.
  auto dangling = write("c.sql", "COPY ports (code, name, parent_slug) FROM stdin;\nQQQQQ\tQ\tnowhere\n\\.\n");
  auto [code8, out8] = test::run_to_completion(binary, env, {"seed", dangling});
  CHECK(code8 == 1);
  CHECK(out8.find("violates foreign key constraint") != std::string::npos);
  CHECK(db.conn().exec("SELECT count(*) FROM ports WHERE code = 'QQQQQ'").integer(0, 0) == 0);
  CHECK(db.conn().exec("SELECT count(*) FROM seeds").integer(0, 0) == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a missing or invalid variable stops the service naming it") {
  auto [code, output] =
      test::run_to_completion(binary, {{"DB_NAME", "x"}, {"DB_USER", "u"}, {"MAX_RANGE_DAYS", "0"}}, {"serve"});
  CHECK(code == 78);
  CHECK(output.find("DB_HOST: required but not set") != std::string::npos);
  CHECK(output.find("MAX_RANGE_DAYS: 0 is out of range [1, 36600]") != std::string::npos);
  auto [usage, text] =
      test::run_to_completion(binary, {{"DB_HOST", "h"}, {"DB_NAME", "x"}, {"DB_USER", "u"}}, {"frobnicate"});
  CHECK(usage == 2);
  CHECK(text.find("usage: rates-api") != std::string::npos);
}
