// The tar stream sent to POST /build: the given inputs (files and folders,
// relative to the project root) plus the Dockerfile, deterministic so the same
// inputs give the same bytes: entries sorted, mtime 0, uid/gid 0 without
// names, modes normalised (folders 0755, files 0644 or 0755 when executable).
// Folders named build* and .git are skipped while walking a folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stackctl::engine {

struct BuildContext {
  std::string tar;                   // the archive (uncompressed tar)
  std::string dockerfile;            // its path inside the archive
  std::vector<std::string> entries;  // every path in the archive, in order (folders end in "/")
};

/// Throws std::runtime_error for a missing input or Dockerfile, and
/// std::invalid_argument for an absolute path or one leaving the root.
BuildContext make_build_context(const std::filesystem::path& root, const std::vector<std::string>& inputs,
                                const std::string& dockerfile);

/// A file of an in-memory archive.
struct TarFile {
  std::string path;  // relative, e.g. "seed/rates.sql"; parent folders are added
  std::string content;
  int mode = 0644;
  int uid = 0;  // owner of the file (parent folders stay root's)
  int gid = 0;
};

/// A deterministic tar of `files` (same rules as build contexts).
std::string make_tar(const std::vector<TarFile>& files);

/// The content of the first regular file in `tar` (as GET .../archive gives
/// one file); nullopt when it holds none. Throws std::runtime_error when the
/// archive is malformed.
std::optional<std::string> first_file_in_tar(const std::string& tar);

/// Writes the archive to `file` (for contexts too large to keep around).
void write_build_context(const BuildContext& context, const std::filesystem::path& file);

}  // namespace stackctl::engine
