// A folder of its own under $TMPDIR for one test, removed with everything in
// it when the object goes out of scope.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace stackctl::testing {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stackctl-test-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Writes `text` to `rel` (parents made); `exec` adds the owner's x bit.
  std::filesystem::path write(const std::string& rel, const std::string& text, bool exec = false) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
    if (exec)
      std::filesystem::permissions(path / rel, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
    return path / rel;
  }
};

}  // namespace stackctl::testing
