#include "config/source_map.hpp"

namespace stackctl::config {

Mark SourceMap::at(std::string path) const {
  while (true) {
    if (auto it = marks_.find(path); it != marks_.end()) return it->second;
    size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) return Mark{};
    path.resize(cut);
  }
}

}  // namespace stackctl::config
