// Reads a tar archive (a build context, a relay image context) back into its
// entries, for tests that check what stackctl wrote.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace stackctl::testing {

struct TarEntry {
  std::string path;
  int mode = 0;
  int64_t mtime = 0, uid = 0;
  bool regular = false;
  std::string content;
};

inline std::vector<TarEntry> read_tar(const std::string& bytes) {
  std::vector<TarEntry> out;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  REQUIRE(archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    TarEntry t{archive_entry_pathname(e),
               static_cast<int>(archive_entry_perm(e)),
               archive_entry_mtime(e),
               archive_entry_uid(e),
               archive_entry_filetype(e) == AE_IFREG,
               {}};
    char buf[4096];
    for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) t.content.append(buf, static_cast<size_t>(n));
    out.push_back(t);
  }
  archive_read_free(a);
  return out;
}

}  // namespace stackctl::testing
