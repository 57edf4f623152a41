// The multiplexed stdout/stderr stream and line splitting, fed in every chunking.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "clients/engine/stream.hpp"

using stackctl::engine::encode_frame;
using stackctl::engine::FrameDemuxer;
using stackctl::engine::LineSplitter;
using stackctl::engine::LogDecoder;
using stackctl::engine::LogLine;
using stackctl::engine::StreamKind;

namespace {

std::vector<LogLine> decode(const std::string& bytes, size_t chunk, bool multiplexed, bool timestamps) {
  std::vector<LogLine> lines;
  LogDecoder decoder(multiplexed, timestamps, [&](const LogLine& l) { lines.push_back(l); });
  for (size_t i = 0; i < bytes.size(); i += chunk) decoder.feed(std::string_view(bytes).substr(i, chunk));
  decoder.finish();
  return lines;
}

}  // namespace

TEST_CASE("frames are split at their 8-byte headers, whatever the chunking") {
  const std::string big(70000, 'x');  // a size using three bytes of the header
  const std::string bytes = encode_frame(StreamKind::out, "hello\n") + encode_frame(StreamKind::err, "oops\n") +
                            encode_frame(StreamKind::out, big) + encode_frame(StreamKind::out, "");
  for (size_t chunk : {1, 3, 7, 8, 9, 64, 100000}) {
    CAPTURE(chunk);
    std::vector<std::pair<StreamKind, std::string>> frames;
    FrameDemuxer demuxer([&](StreamKind k, std::string_view p) { frames.emplace_back(k, std::string(p)); });
    for (size_t i = 0; i < bytes.size(); i += chunk) demuxer.feed(std::string_view(bytes).substr(i, chunk));
    CHECK(demuxer.idle());
    REQUIRE(frames.size() == 4);
    CHECK(frames[0] == std::pair{StreamKind::out, std::string("hello\n")});
    CHECK(frames[1] == std::pair{StreamKind::err, std::string("oops\n")});
    CHECK(frames[2].second == big);
    CHECK(frames[3].second.empty());
  }
}

TEST_CASE("the header encodes the size big-endian") {
  const std::string f = encode_frame(StreamKind::err, std::string(0x010203, 'a'));
  CHECK(static_cast<int>(f[0]) == 2);
  CHECK(f.substr(1, 3) == std::string(3, '\0'));
  CHECK(static_cast<int>(f[4]) == 0);
  CHECK(static_cast<int>(f[5]) == 1);
  CHECK(static_cast<int>(f[6]) == 2);
  CHECK(static_cast<int>(f[7]) == 3);
}

TEST_CASE("a partial frame waits for the rest") {
  std::vector<std::string> got;
  FrameDemuxer demuxer([&](StreamKind, std::string_view p) { got.emplace_back(p); });
  const std::string f = encode_frame(StreamKind::out, "abc");
  demuxer.feed(f.substr(0, 9));
  CHECK(got.empty());
  CHECK_FALSE(demuxer.idle());
  demuxer.feed(f.substr(9));
  CHECK(got == std::vector<std::string>{"abc"});
}

TEST_CASE("log lines keep their stream even when a line spans frames") {
  const std::string bytes = encode_frame(StreamKind::out, "one\ntw") + encode_frame(StreamKind::err, "e1\r\n") +
                            encode_frame(StreamKind::out, "o\nthree") + encode_frame(StreamKind::err, "e2");
  for (size_t chunk : {1, 5, 1000}) {
    const auto lines = decode(bytes, chunk, true, false);
    REQUIRE(lines.size() == 5);
    std::vector<std::string> out, err;
    for (const auto& l : lines) (l.stream == StreamKind::out ? out : err).push_back(l.text);
    CHECK(out == std::vector<std::string>{"one", "two", "three"});
    CHECK(err == std::vector<std::string>{"e1", "e2"});
  }
}

TEST_CASE("a TTY stream is raw stdout; timestamps are split off") {
  const auto raw = decode("2024-01-01T00:00:00.000000001Z hi there\n2024-01-01T00:00:01Z x\n", 4, false, true);
  REQUIRE(raw.size() == 2);
  CHECK(raw[0].stream == StreamKind::out);
  CHECK(raw[0].timestamp == "2024-01-01T00:00:00.000000001Z");
  CHECK(raw[0].text == "hi there");
  CHECK(raw[1].text == "x");
}

TEST_CASE("lines: empty lines are kept, the rest comes at finish") {
  std::vector<std::string> lines;
  LineSplitter s([&](std::string_view l) { lines.emplace_back(l); });
  s.feed("a\n\nb");
  CHECK(lines == std::vector<std::string>{"a", ""});
  s.finish();
  CHECK(lines == std::vector<std::string>{"a", "", "b"});
  s.finish();
  CHECK(lines.size() == 3);
}
