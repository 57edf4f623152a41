// Key path -> where it was written, filled while decoding so checks that run
// on the typed model (graph, ports, references) can still point at the file.
#pragma once

#include <string>
#include <unordered_map>

#include "config/node.hpp"

namespace stackctl::config {

class SourceMap {
 public:
  void record(const std::string& path, const Mark& mark) { marks_.insert_or_assign(path, mark); }
  /// The mark of `path`, or of its closest recorded ancestor.
  Mark at(std::string path) const;

 private:
  std::unordered_map<std::string, Mark> marks_;
};

}  // namespace stackctl::config
