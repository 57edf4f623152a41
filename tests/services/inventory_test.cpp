// inventory (services/inventory): the storage-room read service, run as a
// process against a real PostgreSQL database of its own per test.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kit/pg.hpp"
#include "metrics_text.hpp"
#include "service_process.hpp"
#include "test_database.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string binary = SERVICES_BINARY_DIR "/inventory/inventory";

// RFC 3339 UTC, `offset` seconds from now (whole seconds).
std::string at(long offset) {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + offset;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

json read(const std::string& room, const std::string& tag, const std::string& sku, const std::string& event,
          const std::string& timestamp) {
  return {{"room", room}, {"tag", tag}, {"sku", sku}, {"event", event}, {"timestamp", timestamp}};
}

// A database, the service on it (migrated at start) and a client.
struct Inventory {
  test::TestDatabase db{"inventory"};
  test::ServiceProcess service;
  httplib::Client client;

  explicit Inventory(test::Env extra = {})
      : service(binary, env(db, std::move(extra))), client("127.0.0.1", service.port()) {
    REQUIRE_MESSAGE(service.wait_ready(), service.output());
    client.set_read_timeout(30);
  }
  static test::Env env(const test::TestDatabase& db, test::Env extra) {
    auto env = db.service_env();
    for (auto& [k, v] : extra) env[k] = v;
    return env;
  }

  httplib::Result post_reads(const json& body) { return client.Post("/reads", body.dump(), "application/json"); }
  json get(const std::string& path, int status = 200) {
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    CHECK_MESSAGE(res->status == status, path, ": ", res->body);
    return json::parse(res->body);
  }
  // The tags of the items a query answers, in order, as "a,b,c".
  std::string tags(const std::string& path) {
    auto body = get(path);
    std::string out;
    for (const auto& item : body["items"]) out += (out.empty() ? "" : ",") + item["tag"].get<std::string>();
    return out;
  }
  long long count(const std::string& table) { return db.conn().exec("SELECT count(*) FROM " + table).integer(0, 0); }
  // items as "tag room sku last_event last_event_at last_seen_at" lines.
  std::string items_state() {
    auto rows = db.conn().exec(
        "SELECT tag, room, sku, last_event, last_event_at, coalesce(last_seen_at::text, '-') FROM items ORDER BY tag");
    std::string out;
    for (int i = 0; i < rows.rows(); ++i) {
      for (int c = 0; c < 6; ++c) out += std::string(rows.text(i, c)) + (c == 5 ? "\n" : " ");
    }
    return out;
  }
};

}  // namespace

TEST_CASE("a batch of reads is stored whole and the items still in a room are listed") {
  Inventory inv;
  auto now = at(0), earlier = at(-60);
  json batch = {read("OR-1", "tag-b", "gauze", "seen", earlier), read("OR-1", "tag-a", "gauze", "seen", now),
                read("OR-1", "tag-c", "bandage", "seen", at(-2 * 86400)),  // outside the default 24 h window
                read("OR-1", "tag-b", "gauze", "seen", now), read("OR-2", "tag-d", "gauze", "seen", now)};
  auto res = inv.post_reads(batch);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body) == json{{"accepted", 5}});
  CHECK(inv.count("reads") == 5);
  CHECK(inv.count("items") == 4);
  auto stored = inv.db.conn().exec(
      "SELECT room, sku, last_event, last_seen_at = $1::timestamptz FROM items "
      "WHERE tag = 'tag-b'",
      {now});
  REQUIRE(stored.rows() == 1);
  CHECK(stored.text(0, 0) == "OR-1");
  CHECK(stored.text(0, 2) == "seen");
  CHECK(stored.text(0, 3) == "t");  // the newest of its two reads

  auto items = inv.get("/rooms/OR-1/items");
  CHECK(items["room"] == "OR-1");
  CHECK(items["window_seconds"] == 86400);
  CHECK(items["status"] == "present");
  CHECK(items["items"] ==
        json::array({{{"tag", "tag-a"}, {"sku", "gauze"}, {"status", "present"}, {"last_seen", now}},
                     {{"tag", "tag-b"}, {"sku", "gauze"}, {"status", "present"}, {"last_seen", now}}}));
  CHECK(inv.tags("/rooms/OR-1/items?status=missing") == "tag-c");

  // The same batch again: the log grows, the state does not change.
  auto before = inv.items_state();
  CHECK(inv.post_reads(batch)->status == 200);
  CHECK(inv.count("reads") == 10);
  CHECK(inv.items_state() == before);

  // Fractions of a second and offsets are kept exactly and answered in UTC.
  CHECK(inv.post_reads(json::array({read("OR-3", "tag-f", "swab", "seen", "2026-01-01T10:00:00.25+01:30")}))->status ==
        200);
  auto fraction = inv.db.conn().exec("SELECT last_seen_at = '2026-01-01T08:30:00.25Z' FROM items WHERE tag = 'tag-f'");
  CHECK(fraction.text(0, 0) == "t");

  auto metrics = inv.client.Get("/metrics")->body;
  CHECK(test::metric_value(metrics, R"(inventory_reads_ingested_total{event="seen"})") == "11");
  CHECK(test::metric_value(metrics, R"(inventory_read_batches_total{outcome="accepted"})") == "3");
}

TEST_CASE("the newest event per tag wins: out-of-order batches, removals and moves") {
  Inventory inv;
  auto t1 = at(-300), t2 = at(-200), t3 = at(-100);

  SUBCASE("an older read after a newer one changes nothing") {
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", t2)}))->status == 200);
    auto before = inv.items_state();
    CHECK(inv.post_reads(json::array({read("OR-9", "tag-1", "other", "removed", t1)}))->status == 200);
    CHECK(inv.post_reads(json::array({read("OR-9", "tag-1", "other", "seen", t1)}))->status == 200);
    CHECK(inv.items_state() == before);
    CHECK(inv.count("reads") == 3);  // the log keeps them all
    CHECK(inv.tags("/rooms/OR-1/items") == "tag-1");
    CHECK(inv.tags("/rooms/OR-9/items").empty());
  }

  SUBCASE("within a batch too, whatever the order") {
    CHECK(inv.post_reads(
                 json::array({read("OR-1", "tag-1", "gauze", "removed", t3), read("OR-1", "tag-1", "gauze", "seen", t1),
                              read("OR-1", "tag-1", "gauze", "seen", t2)}))
              ->status == 200);
    auto row = inv.db.conn().exec(
        "SELECT last_event, last_event_at = $1::timestamptz, last_seen_at = $2::timestamptz FROM items", {t3, t2});
    CHECK(row.text(0, 0) == "removed");
    CHECK(row.text(0, 1) == "t");
    CHECK(row.text(0, 2) == "t");  // the newest 'seen'
  }

  SUBCASE("a removal takes the item out of both lists; a newer sighting brings it back") {
    CHECK(inv.post_reads(
                 json::array({read("OR-1", "tag-1", "gauze", "seen", t1), read("OR-1", "tag-2", "gauze", "seen", t1)}))
              ->status == 200);
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "removed", t2)}))->status == 200);
    CHECK(inv.tags("/rooms/OR-1/items") == "tag-2");
    CHECK(inv.tags("/rooms/OR-1/items?status=missing").empty());
    auto seen = inv.db.conn().exec("SELECT last_seen_at = $1::timestamptz FROM items WHERE tag = 'tag-1'", {t1});
    CHECK(seen.text(0, 0) == "t");  // a removal does not move last_seen_at
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", t3)}))->status == 200);
    CHECK(inv.tags("/rooms/OR-1/items") == "tag-1,tag-2");
  }

  SUBCASE("a tag that moves rooms takes room and sku from its newest event") {
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", t1)}))->status == 200);
    CHECK(inv.post_reads(json::array({read("Ward 3", "tag-1", "gauze-xl", "seen", t2)}))->status == 200);
    CHECK(inv.tags("/rooms/OR-1/items").empty());
    auto items = inv.get("/rooms/Ward%203/items")["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["sku"] == "gauze-xl");
  }

  SUBCASE("a tag first reported removed is stored but never listed") {
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "removed", t1)}))->status == 200);
    CHECK(inv.items_state().rfind("tag-1 OR-1 gauze removed ", 0) == 0);
    CHECK(inv.db.conn().exec("SELECT last_seen_at IS NULL FROM items").text(0, 0) == "t");
    CHECK(inv.tags("/rooms/OR-1/items").empty());
    CHECK(inv.tags("/rooms/OR-1/items?status=missing").empty());
  }
}

TEST_CASE("concurrent batches over the same tags keep the newest event of each") {
  Inventory inv;
  const int tags = 300, writers = 4;
  std::vector<std::future<int>> posts;
  for (int w = 0; w < writers; ++w) {
    posts.push_back(std::async(std::launch::async, [&inv, w] {
      json batch = json::array();
      // Writer w's reads are w seconds newer; odd writers list the tags backwards.
      auto timestamp = "2026-01-01T00:00:0" + std::to_string(w) + "Z";
      for (int i = 0; i < tags; ++i) {
        int t = w % 2 ? tags - 1 - i : i;
        batch.push_back(read("room-" + std::to_string(w), "tag-" + std::to_string(t), "sku", "seen", timestamp));
      }
      httplib::Client client("127.0.0.1", inv.service.port());
      auto res = client.Post("/reads", batch.dump(), "application/json");
      return res ? res->status : -1;
    }));
  }
  for (auto& p : posts) CHECK(p.get() == 200);
  CHECK(inv.count("reads") == tags * writers);
  CHECK(inv.db.conn().exec("SELECT count(*) FROM items WHERE room = 'room-3'").integer(0, 0) == tags);
}

TEST_CASE("the presence window separates present from missing items; sku and status filters") {
  Inventory inv(test::Env{{"PRESENCE_WINDOW_SECONDS", "60"}});
  CHECK(inv.post_reads(json::array({read("OR-1", "fresh-gauze", "gauze", "seen", at(-5)),
                                    read("OR-1", "fresh-tape", "tape", "seen", at(-10)),
                                    read("OR-1", "old-gauze", "gauze", "seen", at(-3600)),
                                    read("OR-1", "old-tape", "tape", "seen", at(-120)),
                                    read("OR-1", "gone", "gauze", "removed", at(-1))}))
            ->status == 200);

  auto present = inv.get("/rooms/OR-1/items");
  CHECK(present["window_seconds"] == 60);
  CHECK(inv.tags("/rooms/OR-1/items") == "fresh-gauze,fresh-tape");
  CHECK(inv.tags("/rooms/OR-1/items?status=present") == "fresh-gauze,fresh-tape");
  auto missing = inv.get("/rooms/OR-1/items?status=missing");
  CHECK(missing["status"] == "missing");
  REQUIRE(missing["items"].size() == 2);
  CHECK(missing["items"][0]["tag"] == "old-gauze");
  CHECK(missing["items"][0]["status"] == "missing");
  CHECK(missing["items"][1]["tag"] == "old-tape");
  CHECK(inv.tags("/rooms/OR-1/items?sku=gauze") == "fresh-gauze");
  CHECK(inv.tags("/rooms/OR-1/items?sku=tape&status=missing") == "old-tape");
  CHECK(inv.tags("/rooms/OR-1/items?sku=none").empty());

  auto unknown = inv.get("/rooms/never-read/items");
  CHECK(unknown ==
        json{{"room", "never-read"}, {"window_seconds", 60}, {"status", "present"}, {"items", json::array()}});

  CHECK(inv.get("/rooms/OR-1/items?status=gone", 400) ==
        json{{"error", "status must be present or missing"}, {"status", "gone"}});
  CHECK(inv.get("/rooms/OR-1/items?status=", 400)["error"] == "status must be present or missing");
  CHECK(inv.get("/rooms/OR-1/items?sku=", 400)["error"] == "sku must not be empty");
}

TEST_CASE("a batch with invalid reads is rejected whole, naming each invalid row") {
  Inventory inv;
  auto now = at(0);
  auto ok = read("OR-1", "tag-ok", "gauze", "seen", now);
  json batch = json::array();
  batch.push_back(ok);                                                          // 0
  batch.push_back(json::array({1, 2}));                                         // 1 not an object
  batch.push_back(read("", "tag", "sku", "seen", now));                         // 2 empty room
  batch.push_back(read("OR-1", std::string(201, 't'), "sku", "seen", now));     // 3 too long
  batch.push_back(read("OR-1", "tag", "sku", "stolen", now));                   // 4 event
  batch.push_back(read("OR-1", "tag", "sku", "seen", "2026-11-22 10:00"));      // 5 timestamp
  batch.push_back(read("OR-1", "tag", "sku", "seen", "2026-02-30T10:00:00Z"));  // 6 no such day
  batch.push_back(read("OR-1", "tag", "sku", "seen", "2026-11-22T10:00:00"));   // 7 no offset
  batch.push_back(read("OR-1", "tag", "sku", "seen", "2026-11-22T24:00:00Z"));  // 8 hour 24
  batch.push_back(read("OR-1", "tag\tx", "sku", "seen", now));                  // 9 control character
  auto wrong_types = ok;
  wrong_types["room"] = 7;
  wrong_types["timestamp"] = 1700000000;
  batch.push_back(wrong_types);  // 10
  auto missing = ok;
  missing.erase("sku");
  batch.push_back(missing);                                                                          // 11
  batch.push_back(read("OR-1", std::string(200, 't'), "sku", "seen", "2026-11-22T10:00:00+14:00"));  // 12 valid
  batch.push_back(read("OR-1", "tag", "sku", "seen", "0001-01-01T00:30:00+01:00"));  // 13 before year 1 UTC
  batch.push_back(read("OR-1", "tag", "sku", "seen", "2026-11-22T10:00:00+24:00"));  // 14 offset

  auto res = inv.post_reads(batch);
  REQUIRE(res);
  CHECK(res->status == 422);
  auto body = json::parse(res->body);
  CHECK(body["error"] == "13 invalid reads");
  CHECK(body["invalid_count"] == 13);
  std::vector<int> indexes;
  for (const auto& bad : body["invalid"]) indexes.push_back(bad["index"]);
  CHECK(indexes == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14});
  auto error = [&body](std::size_t i) { return body["invalid"][i]["error"].get<std::string>(); };
  CHECK(error(0) == "must be an object {room, tag, sku, event, timestamp}");
  CHECK(error(1) == "room: must not be empty");
  CHECK(error(2) == "tag: must be at most 200 characters");
  CHECK(error(3) == "event: must be \"seen\" or \"removed\"");
  CHECK(error(4) == "timestamp: \"2026-11-22 10:00\" is not an RFC 3339 timestamp like 2026-11-22T10:00:00Z");
  CHECK(error(5) == "timestamp: \"2026-02-30T10:00:00Z\" has an invalid date");
  CHECK(error(6) == "timestamp: \"2026-11-22T10:00:00\" has no UTC offset (Z or +HH:MM)");
  CHECK(error(7) == "timestamp: \"2026-11-22T24:00:00Z\" has an invalid time of day");
  CHECK(error(8) == "tag: must be UTF-8 text without control characters");
  CHECK(error(9) == "room: must be a string; timestamp: must be a string");
  CHECK(error(10) == "sku: missing");
  CHECK(error(11) == "timestamp: \"0001-01-01T00:30:00+01:00\" is outside the years 0001-9999 UTC");
  CHECK(error(12) == "timestamp: \"2026-11-22T10:00:00+24:00\" has an invalid UTC offset");
  CHECK(inv.count("reads") == 0);
  CHECK(inv.count("items") == 0);

  // Many invalid rows: every one counted, the first 100 listed.
  json many = json::array();
  for (int i = 0; i < 250; ++i) many.push_back(read("OR-1", "tag", "sku", i % 2 ? "seen" : "lost", now));
  auto capped = json::parse(inv.post_reads(many)->body);
  CHECK(capped["error"] == "125 invalid reads");
  CHECK(capped["invalid"].size() == 100);
  CHECK(capped["invalid"][99]["index"] == 198);

  auto one = inv.post_reads(json::array({ok, read("OR-1", "tag", "sku", "seen", "yesterday")}));
  CHECK(one->status == 422);
  CHECK(json::parse(one->body)["error"] == "1 invalid read");
  CHECK(inv.count("reads") == 0);
  CHECK(inv.count("items") == 0);

  // 200 characters of two bytes each are within the limit.
  std::string wide;
  for (int i = 0; i < 200; ++i) wide += "\xC3\xA9";
  CHECK(inv.post_reads(json::array({read(wide, wide, wide, "seen", now)}))->status == 200);
  CHECK(inv.count("items") == 1);

  auto metrics = inv.client.Get("/metrics")->body;
  CHECK(test::metric_value(metrics, R"(inventory_read_batches_total{outcome="invalid"})") == "3");
  CHECK(test::metric_value(metrics, "inventory_invalid_reads_total") == "139");
}

TEST_CASE("a read timestamped too far past the server's clock is invalid (MAX_CLOCK_SKEW_SECONDS)") {
  // The seconds count depends on timing: check what comes around it.
  auto future_error = [](const std::string& timestamp, long limit) {
    return std::pair{"timestamp: \"" + timestamp + "\" is ",
                     " s in the future (more than MAX_CLOCK_SKEW_SECONDS=" + std::to_string(limit) + ")"};
  };
  // The seconds between prefix and suffix of `error`, or -1.
  auto seconds_in = [](const std::string& error, const std::pair<std::string, std::string>& around) -> long {
    const auto& [prefix, suffix] = around;
    if (error.size() <= prefix.size() + suffix.size() || error.rfind(prefix, 0) != 0 ||
        error.compare(error.size() - suffix.size(), suffix.size(), suffix) != 0)
      return -1;
    auto digits = error.substr(prefix.size(), error.size() - prefix.size() - suffix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stol(digits);
  };

  SUBCASE("default 300 s: an hour ahead rejects the whole batch, a minute ahead is accepted") {
    Inventory inv;
    auto hour_ahead = at(3600);
    auto res = inv.post_reads(json::array(
        {read("OR-1", "tag-1", "gauze", "seen", at(0)), read("OR-1", "tag-2", "gauze", "seen", hour_ahead)}));
    REQUIRE(res);
    CHECK(res->status == 422);
    auto body = json::parse(res->body);
    CHECK(body["error"] == "1 invalid read");
    CHECK(body["invalid_count"] == 1);
    REQUIRE(body["invalid"].size() == 1);
    CHECK(body["invalid"][0]["index"] == 1);
    auto error = body["invalid"][0]["error"].get<std::string>();
    // at() truncates to whole seconds and the server reads its clock later: at most 3600 s.
    auto seconds = seconds_in(error, future_error(hour_ahead, 300));
    CHECK_MESSAGE(seconds > 3500, error);
    CHECK_MESSAGE(seconds <= 3600, error);
    CHECK(inv.count("reads") == 0);
    CHECK(inv.count("items") == 0);

    // An offset is measured as the instant it denotes, and the error quotes the text as sent.
    auto shifted = inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", "9999-12-31T23:00:00-00:30")}));
    auto shifted_error = json::parse(shifted->body)["invalid"][0]["error"].get<std::string>();
    CHECK_MESSAGE(seconds_in(shifted_error, future_error("9999-12-31T23:00:00-00:30", 300)) > 0, shifted_error);

    auto minute_ahead = at(60);
    auto ok = inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", minute_ahead)}));
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(inv.count("reads") == 1);
    CHECK(inv.tags("/rooms/OR-1/items") == "tag-1");

    auto metrics = inv.client.Get("/metrics")->body;
    CHECK(test::metric_value(metrics, R"(inventory_read_batches_total{outcome="invalid"})") == "2");
    CHECK(test::metric_value(metrics, "inventory_invalid_reads_total") == "2");
  }

  SUBCASE("MAX_CLOCK_SKEW_SECONDS=0 rejects a read 5 s ahead and accepts one from now") {
    Inventory inv(test::Env{{"MAX_CLOCK_SKEW_SECONDS", "0"}});
    auto ahead = at(5);
    auto res = inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", ahead)}));
    REQUIRE(res);
    CHECK(res->status == 422);
    auto error = json::parse(res->body)["invalid"][0]["error"].get<std::string>();
    auto seconds = seconds_in(error, future_error(ahead, 0));
    CHECK_MESSAGE(seconds >= 1, error);
    CHECK_MESSAGE(seconds <= 5, error);
    CHECK(inv.count("reads") == 0);
    CHECK(inv.post_reads(json::array({read("OR-1", "tag-1", "gauze", "seen", at(0))}))->status == 200);
    CHECK(inv.count("reads") == 1);
  }
}

TEST_CASE("malformed, empty and oversized batches") {
  Inventory inv(test::Env{{"MAX_BATCH_READS", "3"}});
  auto not_json = inv.client.Post("/reads", "[{\"room\":", "application/json");
  CHECK(not_json->status == 400);
  CHECK(json::parse(not_json->body)["error"].get<std::string>().rfind("request body is not valid JSON", 0) == 0);
  auto object = inv.post_reads(read("OR-1", "tag", "sku", "seen", at(0)));
  CHECK(object->status == 400);
  CHECK(json::parse(object->body)["error"] ==
        "the body must be a JSON array of reads {room, tag, sku, event, timestamp}");
  CHECK(inv.client.Post("/reads", "", "application/json")->status == 400);

  auto empty = inv.post_reads(json::array());
  CHECK(empty->status == 200);
  CHECK(json::parse(empty->body) == json{{"accepted", 0}});

  json four = json::array();
  for (int i = 0; i < 4; ++i) four.push_back(read("OR-1", "tag-" + std::to_string(i), "sku", "seen", at(0)));
  auto too_many = inv.post_reads(four);
  CHECK(too_many->status == 413);
  CHECK(json::parse(too_many->body) ==
        json{{"error", "the batch has 4 reads; at most 3 are allowed (MAX_BATCH_READS)"}, {"max_batch_reads", 3}});
  four.erase(3);
  CHECK(inv.post_reads(four)->status == 200);
  CHECK(inv.count("reads") == 3);
}

TEST_CASE("minimums are set, replaced, deleted and validated per room") {
  Inventory inv;
  httplib::Client& c = inv.client;
  CHECK(inv.get("/rooms/OR-1/minimums") == json{{"room", "OR-1"}, {"minimums", json::object()}});

  auto put = c.Put("/rooms/OR-1/minimums", R"({"gauze": 10, "tape": 0, "syringe": 4})", "application/json");
  CHECK(put->status == 200);
  CHECK(json::parse(put->body) == json{{"room", "OR-1"}, {"minimums", {{"gauze", 10}, {"syringe", 4}, {"tape", 0}}}});
  put = c.Put("/rooms/OR-1/minimums", R"({"gauze": 12, "tape": null, "absent": null})", "application/json");
  CHECK(json::parse(put->body)["minimums"] == json{{"gauze", 12}, {"syringe", 4}});
  CHECK(inv.get("/rooms/OR-1/minimums")["minimums"] == json{{"gauze", 12}, {"syringe", 4}});
  CHECK(c.Put("/rooms/OR-2/minimums", R"({"gauze": 1})", "application/json")->status == 200);
  CHECK(inv.get("/rooms/OR-1/minimums")["minimums"] == json{{"gauze", 12}, {"syringe", 4}});
  CHECK(json::parse(c.Put("/rooms/OR-1/minimums", "{}", "application/json")->body)["minimums"].size() == 2);

  auto invalid =
      c.Put("/rooms/OR-1/minimums",
            R"({"gauze": 1, "a": -1, "b": 2.5, "c": "3", "d": 2147483648, "": 1, "e": [1], "f": 2147483647})",
            "application/json");
  CHECK(invalid->status == 422);
  auto body = json::parse(invalid->body);
  CHECK(body["error"] == "6 invalid minimums");
  CHECK(body["invalid"] ==
        json::array({{{"sku", ""}, {"error", "SKU must not be empty"}},
                     {{"sku", "a"}, {"error", "must be a non-negative integer, or null to delete"}},
                     {{"sku", "b"}, {"error", "must be a non-negative integer, or null to delete"}},
                     {{"sku", "c"}, {"error", "must be a non-negative integer, or null to delete"}},
                     {{"sku", "d"}, {"error", "must be at most 2147483647"}},
                     {{"sku", "e"}, {"error", "must be a non-negative integer, or null to delete"}}}));
  CHECK(inv.get("/rooms/OR-1/minimums")["minimums"] == json{{"gauze", 12}, {"syringe", 4}});  // nothing applied

  CHECK(c.Put("/rooms/OR-1/minimums", "[1]", "application/json")->status == 400);
  CHECK(c.Put("/rooms/OR-1/minimums", "{\"gauze\": ", "application/json")->status == 400);
  CHECK(inv.db.conn().exec("SELECT count(*) FROM room_minimums").integer(0, 0) == 3);
}

TEST_CASE("restock lists the SKUs below their minimum, ordered by SKU") {
  Inventory inv(test::Env{{"PRESENCE_WINDOW_SECONDS", "600"}});
  CHECK(inv.post_reads(
               json::array({read("OR-1", "g1", "gauze", "seen", at(-10)), read("OR-1", "g2", "gauze", "seen", at(-10)),
                            read("OR-1", "s1", "syringe", "seen", at(-10)),
                            read("OR-1", "t1", "tape", "seen", at(-3600)),  // missing
                            read("OR-1", "t2", "tape", "removed", at(-5)),  // removed
                            read("OR-2", "t3", "tape", "seen", at(-5))}))   // another room
            ->status == 200);
  CHECK(inv.client
            .Put("/rooms/OR-1/minimums", R"({"gauze": 2, "syringe": 3, "tape": 1, "mask": 0, "cannula": 2})",
                 "application/json")
            ->status == 200);
  auto restock = inv.get("/rooms/OR-1/restock");
  CHECK(restock["room"] == "OR-1");
  CHECK(restock["restock"] == json::array({{{"sku", "cannula"}, {"present", 0}, {"minimum", 2}, {"shortfall", 2}},
                                           {{"sku", "syringe"}, {"present", 1}, {"minimum", 3}, {"shortfall", 2}},
                                           {{"sku", "tape"}, {"present", 0}, {"minimum", 1}, {"shortfall", 1}}}));
  CHECK(inv.get("/rooms/OR-2/restock")["restock"] == json::array());
  CHECK(inv.get("/rooms/unknown/restock")["restock"] == json::array());
}

TEST_CASE("room names with spaces, percent signs and UTF-8 in the path") {
  Inventory inv;
  auto now = at(0);
  CHECK(
      inv.post_reads(
             json::array({read("OR 1 (north)", "a", "gauze", "seen", now), read("50% full", "b", "gauze", "seen", now),
                          read("Zimmer \xC3\x9C", "c", "gauze", "seen", now), read("a+b", "d", "gauze", "seen", now)}))
          ->status == 200);
  auto spaced = inv.get("/rooms/OR%201%20%28north%29/items");
  CHECK(spaced["room"] == "OR 1 (north)");
  CHECK(inv.tags("/rooms/OR%201%20%28north%29/items") == "a");
  CHECK(inv.tags("/rooms/50%25%20full/items") == "b");
  CHECK(inv.tags("/rooms/Zimmer%20%C3%9C/items") == "c");
  CHECK(inv.tags("/rooms/a+b/items") == "d");  // '+' is not a space in a path
  CHECK(inv.client.Put("/rooms/50%25%20full/minimums", R"({"gauze": 3})", "application/json")->status == 200);
  CHECK(inv.get("/rooms/50%25%20full/restock")["restock"][0]["shortfall"] == 2);
  CHECK(inv.get("/rooms/50%25%20full/minimums")["room"] == "50% full");

  CHECK(inv.get("/rooms/" + std::string(201, 'r') + "/items", 400)["error"] == "room must be at most 200 characters");
  CHECK(inv.get("/rooms/%00/items", 400)["error"] == "room must be UTF-8 text without control characters");
  CHECK(inv.get("/rooms/%FF/minimums", 400)["error"] == "room must be UTF-8 text without control characters");
  CHECK(inv.get("/rooms/%C3/restock", 400)["error"] == "room must be UTF-8 text without control characters");
  CHECK(inv.client.Put("/rooms/%01/minimums", "{}", "application/json")->status == 400);
  CHECK(inv.get("/rooms/a%2Fb/items", 404)["error"] == "not found");  // decoded to a/b: no such route
}

TEST_CASE("inventory migrate applies the schema once and can run again") {
  test::TestDatabase db("inventory_migrate");
  auto [first, out1] = test::run_to_completion(binary, db.service_env(), {"migrate"});
  CHECK_MESSAGE(first == 0, out1);
  CHECK(out1.find("inventory: 1 migration(s) applied") != std::string::npos);
  auto [second, out2] = test::run_to_completion(binary, db.service_env(), {"migrate"});
  CHECK_MESSAGE(second == 0, out2);
  CHECK(out2.find("inventory: 0 migration(s) applied") != std::string::npos);
  CHECK(db.conn().exec("SELECT count(*) FROM schema_migrations").integer(0, 0) == 1);
  auto tables =
      db.conn().exec("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'");
  CHECK(tables.text(0, 0) == "items,reads,room_minimums,schema_migrations");
  CHECK(db.conn().exec("SELECT 1 FROM pg_indexes WHERE indexname = 'items_room_sku'").rows() == 1);
  CHECK_THROWS(db.conn().exec("INSERT INTO reads (room, tag, sku, event, read_at) VALUES ('r','t','s','lost',now())"));
  CHECK_THROWS(db.conn().exec("INSERT INTO room_minimums VALUES ('r', 's', -1)"));

  auto [unknown, usage] = test::run_to_completion(binary, db.service_env(), {"frobnicate"});
  CHECK(unknown == 2);
  CHECK(usage.find("inventory: unknown command \"frobnicate\"") != std::string::npos);
  CHECK(usage.find("usage: inventory") != std::string::npos);
  auto [extra, extra_out] = test::run_to_completion(binary, db.service_env(), {"migrate", "now"});
  CHECK(extra == 2);
  CHECK(extra_out.find("inventory: migrate takes no arguments") != std::string::npos);

  // A serving instance with MIGRATE_ON_START=false leaves an empty database alone.
  test::TestDatabase empty("inventory_nomigrate");
  auto env = empty.service_env();
  env["MIGRATE_ON_START"] = "false";
  test::ServiceProcess service(binary, env);
  REQUIRE(service.wait_ready());
  CHECK(empty.conn().exec("SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations'").rows() == 0);
}

TEST_CASE("configuration errors stop the service with exit 78, naming each variable") {
  test::TestDatabase db("inventory_config");
  auto env = db.service_env();
  env.erase("DB_HOST");
  env["PRESENCE_WINDOW_SECONDS"] = "0";
  env["MAX_BATCH_READS"] = "lots";
  auto [code, output] = test::run_to_completion(binary, env, {});
  CHECK(code == 78);
  CHECK(output.find("DB_HOST: required but not set") != std::string::npos);
  CHECK(output.find("PRESENCE_WINDOW_SECONDS: 0 is out of range") != std::string::npos);
  CHECK(output.find("MAX_BATCH_READS: \"lots\" is not an integer") != std::string::npos);
  CHECK(output.find("MAX_CLOCK_SKEW_SECONDS") == std::string::npos);  // the default is valid

  for (const auto* skew : {"-1", "86401"}) {
    auto skew_env = db.service_env();
    skew_env["MAX_CLOCK_SKEW_SECONDS"] = skew;
    auto [skew_code, skew_output] = test::run_to_completion(binary, skew_env, {});
    CHECK(skew_code == 78);
    CHECK_MESSAGE(skew_output.find("MAX_CLOCK_SKEW_SECONDS: " + std::string(skew) + " is out of range [0, 86400]") !=
                      std::string::npos,
                  skew_output);
  }
  env["MAX_CLOCK_SKEW_SECONDS"] = "abc";
  auto [abc_code, abc_output] = test::run_to_completion(binary, env, {});
  CHECK(abc_code == 78);
  CHECK(abc_output.find("MAX_CLOCK_SKEW_SECONDS: \"abc\" is not an integer") != std::string::npos);
  CHECK(abc_output.find("MAX_BATCH_READS: \"lots\" is not an integer") != std::string::npos);
  auto [migrate_code, migrate_output] = test::run_to_completion(binary, env, {"migrate"});
  CHECK(migrate_code == 78);
  CHECK(migrate_output.find("DB_HOST: required but not set") != std::string::npos);
}

TEST_CASE("an unreachable database: not ready, 503 from the API, and no start when it must migrate") {
  test::TestDatabase db("inventory_down");
  auto env = db.service_env();
  env["DB_PORT"] = std::to_string(test::free_port());
  env["MIGRATE_ON_START"] = "false";
  test::ServiceProcess service(binary, env);
  REQUIRE(service.wait_ready(10s, "/healthz"));
  httplib::Client client("127.0.0.1", service.port());
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 503);
  auto body = json::parse(ready->body);
  CHECK(body["status"] == "not ready");
  CHECK(body["checks"]["database"].get<std::string>().rfind("cannot connect to PostgreSQL at", 0) == 0);
  auto items = client.Get("/rooms/OR-1/items");
  CHECK(items->status == 503);
  CHECK(json::parse(items->body) == json{{"error", "database unavailable"}});

  env.erase("MIGRATE_ON_START");
  auto [code, output] = test::run_to_completion(binary, env, {});
  CHECK(code == 1);
  CHECK(output.find("cannot connect to PostgreSQL at") != std::string::npos);
}

TEST_CASE("a batch killed midway leaves no reads and no items") {
  Inventory inv(test::Env{{"MAX_BATCH_READS", "300000"}});
  const int count = 300000;
  auto now = at(0);
  std::string body = "[";
  for (int i = 0; i < count; ++i) {
    if (i) body += ',';
    body += R"({"room":"OR-)" + std::to_string(i % 50) + R"(","tag":"tag-)" + std::to_string(i) + R"(","sku":"sku-)" +
            std::to_string(i % 200) + R"(","event":"seen","timestamp":")" + now + "\"}";
  }
  body += "]";
  auto post = std::async(std::launch::async, [&body, port = inv.service.port()] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60);
    client.set_write_timeout(60);
    auto res = client.Post("/reads", body, "application/json");
    return res ? res->status : -1;
  });

  auto& conn = inv.db.conn();
  auto copying = [&] {
    return conn.exec(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' "
                   "AND query LIKE 'COPY%'",
                   {inv.db.name()})
               .integer(0, 0) > 0;
  };
  auto deadline = std::chrono::steady_clock::now() + 30s;
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline && post.wait_for(0ms) != std::future_status::ready)
    seen = copying();
  REQUIRE_MESSAGE(seen, "never saw the batch's COPY running");
  inv.service.signal(SIGKILL);
  CHECK(inv.service.wait_exit(5s) == 128 + SIGKILL);
  CHECK(post.get() == -1);

  // The server ends the dead client's backend, rolling its transaction back.
  deadline = std::chrono::steady_clock::now() + 10s;
  long long backends = 1;
  while (backends > 0 && std::chrono::steady_clock::now() < deadline) {
    backends = conn.exec("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                         {inv.db.name()})
                   .integer(0, 0);
    if (backends) std::this_thread::sleep_for(10ms);
  }
  REQUIRE(backends == 0);
  CHECK(inv.count("reads") == 0);
  CHECK(inv.count("items") == 0);
}
