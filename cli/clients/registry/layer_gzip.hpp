// Deterministic gzip of layer tars (libarchive's gzip filter with no
// timestamp and no file name), so the same layer always gets the same digest,
// streamed to a sink or a file while its sha256 and size are computed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace stackctl::registry {

/// What was written: the compressed stream's digest and size.
struct WrittenBlob {
  std::string digest;  // "sha256:..."
  uint64_t size = 0;
};

class GzipWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  explicit GzipWriter(Sink sink);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void write(std::string_view bytes);
  /// Flushes the stream; call once.
  WrittenBlob finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Compresses in memory (small inputs, tests).
std::string gzip_bytes(std::string_view bytes);

/// Writes into `file` (truncated) through a GzipWriter; `feed` is called with
/// a function that takes the uncompressed bytes.
WrittenBlob gzip_to_file(const std::filesystem::path& file,
                         const std::function<void(const std::function<void(std::string_view)>&)>& feed);

}  // namespace stackctl::registry
