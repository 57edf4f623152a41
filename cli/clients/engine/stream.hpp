// Decoding the daemon's byte streams, pure and chunk-boundary safe:
// - the multiplexed stdout/stderr stream of non-TTY containers (logs, exec):
//   frames of an 8-byte header {stream, 0, 0, 0, size (big-endian u32)} + payload;
// - splitting into lines (logs, the JSON messages of /build).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace stackctl::engine {

enum class StreamKind : uint8_t { in = 0, out = 1, err = 2 };

/// Splits the multiplexed stream into frames; feed() any chunking.
class FrameDemuxer {
 public:
  using OnFrame = std::function<void(StreamKind, std::string_view payload)>;
  explicit FrameDemuxer(OnFrame on_frame) : on_frame_(std::move(on_frame)) {}

  void feed(std::string_view chunk);
  /// True when no partial frame is pending.
  bool idle() const { return buffer_.empty(); }

 private:
  OnFrame on_frame_;
  std::string buffer_;
};

/// Cuts text into lines ("\n", a trailing "\r" removed); finish() emits the rest.
class LineSplitter {
 public:
  using OnLine = std::function<void(std::string_view line)>;
  explicit LineSplitter(OnLine on_line) : on_line_(std::move(on_line)) {}

  void feed(std::string_view chunk);
  void finish();

 private:
  OnLine on_line_;
  std::string pending_;
};

struct LogLine {
  StreamKind stream = StreamKind::out;
  std::string timestamp;  // RFC 3339 with nanoseconds, when asked for
  std::string text;       // without the newline
};

/// Turns a logs/exec body into lines per stream. `multiplexed`: non-TTY
/// (framed); otherwise everything is stdout. `timestamps`: each line starts
/// with "TIMESTAMP ".
class LogDecoder {
 public:
  using OnLine = std::function<void(const LogLine&)>;
  LogDecoder(bool multiplexed, bool timestamps, OnLine on_line);
  LogDecoder(const LogDecoder&) = delete;  // the splitters point back here
  LogDecoder& operator=(const LogDecoder&) = delete;

  void feed(std::string_view chunk);
  void finish();

 private:
  void emit(StreamKind kind, std::string_view line);

  bool multiplexed_, timestamps_;
  OnLine on_line_;
  FrameDemuxer demuxer_;
  LineSplitter out_, err_;
};

/// Encodes one frame (for tests and stand-ins).
std::string encode_frame(StreamKind kind, std::string_view payload);

}  // namespace stackctl::engine
