// Reads an environment file and the files it extends, root first, and merges
// them. Cycles and unknown parents are reported where `extends` is written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/node.hpp"

namespace stackctl::config {

struct MergedFiles {
  Node tree;                       // the merged tree, without `extends`
  std::vector<std::string> files;  // display paths, root of the chain first
  bool abstract = false;           // the environment's own file says `abstract: true`
  Mark abstract_mark;
};

/// Throws InvalidInput when `name` has no file (with a did-you-mean) or the
/// first file cannot be parsed; problems further up the chain go to `diags`.
MergedFiles read_extends_chain(const std::filesystem::path& root, const std::string& name, Diagnostics& diags);

}  // namespace stackctl::config
