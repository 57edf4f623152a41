// Replacing one file all at once: the new content goes to a temporary file
// beside it, is flushed to disk and renamed over the old one, so a crash or
// an error never leaves a half-written file and the old one stays intact.
#pragma once

#include <filesystem>
#include <string>

#include <sys/types.h>

namespace stackctl::storage {

/// Throws std::runtime_error naming the file when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::string& content, mode_t mode = 0644);

}  // namespace stackctl::storage
