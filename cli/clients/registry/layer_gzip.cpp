// GzipWriter over libarchive (raw format + gzip filter).
#include "clients/registry/layer_gzip.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <stdexcept>

#include "clients/registry/digest.hpp"

namespace stackctl::registry {

struct GzipWriter::Impl {
  Sink sink;
  archive* a = nullptr;
  Sha256 hash;
  uint64_t size = 0;
  std::exception_ptr sink_error;
  bool finished = false;

  static la_ssize_t on_write(archive*, void* self, const void* buffer, size_t length) {
    auto* impl = static_cast<Impl*>(self);
    try {
      const std::string_view bytes(static_cast<const char*>(buffer), length);
      impl->sink(bytes);
      impl->hash.update(bytes);
      impl->size += length;
    } catch (...) {
      impl->sink_error = std::current_exception();
      return -1;
    }
    return static_cast<la_ssize_t>(length);
  }

  [[noreturn]] void fail(const std::string& what) {
    if (sink_error) std::rethrow_exception(sink_error);
    const char* detail = a ? archive_error_string(a) : nullptr;
    throw std::runtime_error("gzip: " + what + (detail ? std::string(": ") + detail : ""));
  }
};

GzipWriter::GzipWriter(Sink sink) : impl_(std::make_unique<Impl>()) {
  impl_->sink = std::move(sink);
  archive* a = impl_->a = archive_write_new();
  if (!a) throw std::runtime_error("gzip: archive_write_new failed");
  if (archive_write_add_filter_gzip(a) != ARCHIVE_OK) impl_->fail("no gzip filter");
  // No modification time in the header (a NULL value turns the option off).
  if (archive_write_set_filter_option(a, "gzip", "timestamp", nullptr) != ARCHIVE_OK) impl_->fail("timestamp option");
  if (archive_write_set_filter_option(a, "gzip", "compression-level", "6") != ARCHIVE_OK) impl_->fail("level option");
  if (archive_write_set_format_raw(a) != ARCHIVE_OK) impl_->fail("raw format");
  // No blocking: nothing (no zero padding) after the gzip trailer.
  archive_write_set_bytes_per_block(a, 0);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open2(a, impl_.get(), nullptr, &Impl::on_write, nullptr, nullptr) != ARCHIVE_OK)
    impl_->fail("open");
  archive_entry* entry = archive_entry_new();
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_pathname(entry, "layer.tar");
  const int rc = archive_write_header(a, entry);
  archive_entry_free(entry);
  if (rc != ARCHIVE_OK) impl_->fail("header");
}

GzipWriter::~GzipWriter() {
  if (impl_ && impl_->a) archive_write_free(impl_->a);
}

void GzipWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const la_ssize_t n = archive_write_data(impl_->a, bytes.data(), bytes.size());
    if (n <= 0) impl_->fail("write");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

WrittenBlob GzipWriter::finish() {
  if (impl_->finished) throw std::logic_error("GzipWriter::finish called twice");
  impl_->finished = true;
  if (archive_write_close(impl_->a) != ARCHIVE_OK) impl_->fail("close");
  archive_write_free(impl_->a);
  impl_->a = nullptr;
  return {impl_->hash.finish(), impl_->size};
}

std::string gzip_bytes(std::string_view bytes) {
  std::string out;
  GzipWriter w([&](std::string_view chunk) { out.append(chunk); });
  w.write(bytes);
  w.finish();
  return out;
}

WrittenBlob gzip_to_file(const std::filesystem::path& file,
                         const std::function<void(const std::function<void(std::string_view)>&)>& feed) {
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(file.c_str(), "wb"), &std::fclose);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  GzipWriter w([&](std::string_view chunk) {
    if (std::fwrite(chunk.data(), 1, chunk.size(), out.get()) != chunk.size())
      throw std::runtime_error("writing " + file.string() + " failed");
  });
  feed([&](std::string_view bytes) { w.write(bytes); });
  const WrittenBlob blob = w.finish();
  if (std::fflush(out.get()) != 0) throw std::runtime_error("writing " + file.string() + " failed");
  return blob;
}

}  // namespace stackctl::registry
