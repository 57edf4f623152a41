// Redactor: masking secret values (raw, base64, JSON-escaped) in whole texts
// and in streams split at arbitrary points.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/redactor.hpp"

using stackctl::app::Redactor;

namespace {

// Feeds `text` cut at `cuts` (ascending positions) and finishes.
std::string streamed(const Redactor& r, const std::string& text, const std::vector<size_t>& cuts) {
  Redactor::Stream s = r.stream();
  std::string out;
  size_t from = 0;
  for (size_t cut : cuts) {
    out += s.feed(std::string_view(text).substr(from, cut - from));
    from = cut;
  }
  out += s.feed(std::string_view(text).substr(from));
  return out + s.finish();
}

}  // namespace

TEST_CASE("redactor: every occurrence becomes [secret:NAME]") {
  Redactor r;
  r.add("db_password", "hunter22");
  CHECK(r.redact("pw=hunter22; again:hunter22.") == "pw=[secret:db_password]; again:[secret:db_password].");
  CHECK(r.redact("hunter22") == "[secret:db_password]");
  CHECK(r.redact("hunter2 is not it") == "hunter2 is not it");
  CHECK(r.redact("") == "");
  CHECK(r.redact("hunter22hunter22") == "[secret:db_password][secret:db_password]");
}

TEST_CASE("redactor: several secrets") {
  Redactor r;
  r.add("a", "alpha-1");
  r.add("b", "bravo-2");
  CHECK(r.redact("x alpha-1 y bravo-2 z alpha-1") == "x [secret:a] y [secret:b] z [secret:a]");
}

TEST_CASE("redactor: overlapping values: the longest wins and nothing leaks") {
  Redactor r;
  r.add("short", "abcd");
  r.add("long", "abcdefgh");
  CHECK(r.redact("<abcdefgh>") == "<[secret:long]>");
  CHECK(r.redact("<abcdefg>") == "<[secret:short]efg>");
  r.add("tail", "fghijk");  // overlaps the end of "long"
  CHECK(r.redact("<abcdefghijk>") == "<[secret:long]>");
  r.add("wide", "0abcdefghijk9");
  CHECK(r.redact("<0abcdefghijk9>") == "<[secret:wide]>");

  Redactor self;
  self.add("s", "abab");
  CHECK(self.redact("xabababx") == "x[secret:s]x");  // two overlapping occurrences, one run
  CHECK(self.redact("ababxabab") == "[secret:s]x[secret:s]");
}

TEST_CASE("redactor: the base64 form, padded or not, is masked under the same name") {
  Redactor r;
  r.add("token", "foob");  // RFC 4648: Zm9vYg==
  r.add("key", "foobar");  // Zm9vYmFy
  CHECK(r.redact("data: {token: Zm9vYg==}") == "data: {token: [secret:token]}");
  CHECK(r.redact("Zm9vYg") == "[secret:token]");
  CHECK(r.redact("Zm9vYmFy") == "[secret:key]");
  Redactor five;
  five.add("p", "fooba");  // Zm9vYmE=
  CHECK(five.redact("\"Zm9vYmE=\"") == "\"[secret:p]\"");
  Redactor binary;
  binary.add("bin", std::string("\x00\xff\x10\x80", 4));  // AP8QgA==
  CHECK(binary.redact("AP8QgA==") == "[secret:bin]");
}

TEST_CASE("redactor: the JSON-escaped form is masked") {
  Redactor r;
  r.add("pw", "pa\"ss\\wo\nrd");
  CHECK(r.redact(R"({"v":"pa\"ss\\wo\nrd"})") == R"({"v":"[secret:pw]"})");
  CHECK(r.redact("pa\"ss\\wo\nrd") == "[secret:pw]");
}

TEST_CASE("redactor: values shorter than min_length are not registered") {
  static_assert(Redactor::min_length == 4);
  Redactor r;
  r.add("pin", "123");
  r.add("empty", "");
  CHECK(r.pattern_count() == 0);
  CHECK(r.redact("1234 123 12") == "1234 123 12");
  r.add("four", "1234");
  CHECK(r.redact("1234 123 12") == "[secret:four] 123 12");
}

TEST_CASE("redactor: a value registered twice keeps its first name") {
  Redactor r;
  r.add("first", "same-value");
  const size_t count = r.pattern_count();
  r.add("second", "same-value");
  CHECK(r.pattern_count() == count);
  CHECK(r.redact("same-value") == "[secret:first]");
}

TEST_CASE("redactor stream: every split point gives exactly redact(whole)") {
  Redactor r;
  r.add("short", "abcd");
  r.add("long", "abcdefgh");
  r.add("tail", "fghijk");
  r.add("rep", "xyxyx");
  const std::vector<std::string> texts = {
      "before abcdefgh after", "abcdefghijk", "abcabcdxyxyxyxyx.", "YWJjZGVmZ2g= and abcd", "abcdefg", "no secrets",
      "aaabcdefghabcdabcd",
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    const std::string whole = r.redact(text);
    CHECK(streamed(r, text, {}) == whole);
    for (size_t i = 0; i <= text.size(); ++i) {
      for (size_t j = i; j <= text.size(); ++j) {
        CAPTURE(i);
        CAPTURE(j);
        CHECK(streamed(r, text, {i, j}) == whole);
      }
    }
    std::vector<size_t> every_byte;
    for (size_t i = 1; i < text.size(); ++i) every_byte.push_back(i);
    CHECK(streamed(r, text, every_byte) == whole);
  }
}

TEST_CASE("redactor stream: random secrets and chunkings match redact(whole) and never leak") {
  std::mt19937 rng(20240611);
  auto random_text = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += "abc"[rng() % 3];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    Redactor r;
    std::vector<std::string> values;
    for (int k = 0; k < 3; ++k) {
      values.push_back(random_text(4 + rng() % 4));
      r.add("s" + std::to_string(k), values.back());
    }
    const std::string text = random_text(rng() % 80);
    const std::string whole = r.redact(text);
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i) {
      if (rng() % 4 == 0) cuts.push_back(i);
    }
    CAPTURE(text);
    CHECK(streamed(r, text, cuts) == whole);
    for (const std::string& v : values) CHECK(whole.find(v) == std::string::npos);
  }
}

TEST_CASE("redactor stream: nothing is held back unless the tail may start a secret") {
  Redactor r;
  r.add("db", "hunter22");
  Redactor::Stream s = r.stream();
  CHECK(s.feed("plain line\n") == "plain line\n");
  CHECK(s.pending() == 0);
  CHECK(s.feed("password: hun") == "password: ");
  CHECK(s.pending() == 3);
  CHECK(s.feed("ter22!\n") == "[secret:db]!\n");
  CHECK(s.feed("hunX") == "hunX");
  CHECK(s.feed("aHVud") == "");  // start of the base64 form
  CHECK(s.feed("GVyMjI=\n") == "[secret:db]\n");
  CHECK(s.finish().empty());
  Redactor none;
  Redactor::Stream n = none.stream();
  CHECK(n.feed("anything at all") == "anything at all");
}

TEST_CASE("redactor stream: finish flushes a prefix that never completed") {
  Redactor r;
  r.add("db", "hunter22");
  Redactor::Stream s = r.stream();
  CHECK(s.feed("abc hunter2") == "abc ");
  CHECK(s.finish() == "hunter2");
  CHECK(s.pending() == 0);
  CHECK(s.feed("again") == "again");
}

TEST_CASE("redactor stream: concurrent streams on one redactor") {
  Redactor r;
  r.add("a", "secret-alpha");
  r.add("b", "secret-bravo");
  const std::string text = "x secret-alpha y secret-bravo z secret-al";
  const std::string expected = r.redact(text);
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < ok.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        Redactor::Stream s = r.stream();
        std::string out;
        for (char c : text) out += s.feed(std::string_view(&c, 1));
        out += s.finish();
        ok[t] += out == expected;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : ok) CHECK(n == 300);
}
