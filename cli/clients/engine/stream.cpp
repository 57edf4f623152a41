#include "clients/engine/stream.hpp"

namespace stackctl::engine {
namespace {

constexpr size_t kHeader = 8;

uint32_t frame_size(const std::string& b) {
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(b[i])); };
  return byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
}

}  // namespace

void FrameDemuxer::feed(std::string_view chunk) {
  buffer_.append(chunk);
  size_t pos = 0;
  while (buffer_.size() - pos >= kHeader) {
    const std::string header = buffer_.substr(pos, kHeader);
    const size_t size = frame_size(header);
    if (buffer_.size() - pos - kHeader < size) break;
    const auto kind = static_cast<StreamKind>(static_cast<unsigned char>(header[0]));
    on_frame_(kind, std::string_view(buffer_).substr(pos + kHeader, size));
    pos += kHeader + size;
  }
  buffer_.erase(0, pos);
}

void LineSplitter::feed(std::string_view chunk) {
  pending_.append(chunk);
  size_t start = 0;
  for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string_view line(pending_.data() + start, nl - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    on_line_(line);
  }
  pending_.erase(0, start);
}

void LineSplitter::finish() {
  if (pending_.empty()) return;
  std::string rest;
  rest.swap(pending_);
  if (rest.ends_with('\r')) rest.pop_back();
  on_line_(rest);
}

LogDecoder::LogDecoder(bool multiplexed, bool timestamps, OnLine on_line)
    : multiplexed_(multiplexed),
      timestamps_(timestamps),
      on_line_(std::move(on_line)),
      demuxer_(
          [this](StreamKind kind, std::string_view payload) { (kind == StreamKind::err ? err_ : out_).feed(payload); }),
      out_([this](std::string_view line) { emit(StreamKind::out, line); }),
      err_([this](std::string_view line) { emit(StreamKind::err, line); }) {}

void LogDecoder::feed(std::string_view chunk) {
  if (multiplexed_)
    demuxer_.feed(chunk);
  else
    out_.feed(chunk);
}

void LogDecoder::finish() {
  out_.finish();
  err_.finish();
}

void LogDecoder::emit(StreamKind kind, std::string_view line) {
  LogLine l;
  l.stream = kind;
  if (timestamps_) {
    const auto sp = line.find(' ');
    l.timestamp = std::string(line.substr(0, sp));
    l.text = sp == std::string_view::npos ? std::string() : std::string(line.substr(sp + 1));
  } else {
    l.text = std::string(line);
  }
  on_line_(l);
}

std::string encode_frame(StreamKind kind, std::string_view payload) {
  std::string out(kHeader, '\0');
  out[0] = static_cast<char>(kind);
  const auto n = static_cast<uint32_t>(payload.size());
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16 & 0xff);
  out[6] = static_cast<char>(n >> 8 & 0xff);
  out[7] = static_cast<char>(n & 0xff);
  return out.append(payload);
}

}  // namespace stackctl::engine
