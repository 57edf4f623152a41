// Writes a rendered tree to disk all at once: the files go to a sibling
// staging folder that then replaces the target, so a failure never leaves a
// half-written render, and files no longer rendered disappear.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace stackctl::storage {

struct OutputFile {
  std::string path;  // relative to the output folder
  std::string content;
};

/// Refuses (std::runtime_error) to replace a non-empty folder that stackctl
/// did not write, recognised by the marker file `.stackctl-render`.
void replace_output_dir(const std::filesystem::path& dir, const std::vector<OutputFile>& files);

}  // namespace stackctl::storage
