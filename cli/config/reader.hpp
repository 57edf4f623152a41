// Typed reading of a configuration map with validation. A MapReader records
// which keys the decoder asked for; finish() reports every other key as
// unknown, with a did-you-mean. This keeps the schema in one place: the
// decoder that reads it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/node.hpp"
#include "config/source_map.hpp"

namespace stackctl::config {

class MapReader {
 public:
  /// `node` may be null (absent: every read keeps its default). A node that
  /// is not a map is reported once.
  MapReader(const Node* node, std::string path, Diagnostics& diags, SourceMap* sources = nullptr);
  MapReader(const MapReader&) = delete;
  ~MapReader();

  bool present() const { return node_ != nullptr; }
  const Node* node() const { return node_; }
  const std::string& path() const { return path_; }
  std::string child_path(const std::string& key) const { return path_join(path_, key); }
  Diagnostics& diags() { return diags_; }
  SourceMap* sources() { return sources_; }

  /// Marks `key` known and returns it (null when absent or explicitly null).
  const Node* get(const std::string& key);
  /// Like get(), but reports "missing required key" when absent.
  const Node* require(const std::string& key);
  /// Marks keys known without reading them (read elsewhere).
  void known(std::initializer_list<const char*> keys);

  bool string(const std::string& key, std::string& out, bool required = false);
  bool integer(const std::string& key, int& out, long long min, long long max, bool required = false);
  bool boolean(const std::string& key, bool& out);
  bool string_list(const std::string& key, std::vector<std::string>& out);

  template <typename T>
  bool choice(const std::string& key, T& out, const std::vector<std::pair<const char*, T>>& options,
              bool required = false);

  /// Reports keys that were never asked for. Called by the destructor.
  void finish();

 private:
  const Node* node_ = nullptr;
  std::string path_;
  Diagnostics& diags_;
  SourceMap* sources_ = nullptr;
  std::vector<std::string> known_;
  bool finished_ = false;
};

// Free-standing scalar readers, for list items and map values.
bool read_string(const Node& n, const std::string& path, Diagnostics& d, std::string& out);
bool read_int(const Node& n, const std::string& path, Diagnostics& d, int& out, long long min, long long max);
bool read_bool(const Node& n, const std::string& path, Diagnostics& d, bool& out);
std::string quote(const std::string& s);  // "\"s\"", for messages
std::string describe(const Node& n);      // the value as written, for messages

template <typename T>
bool MapReader::choice(const std::string& key, T& out, const std::vector<std::pair<const char*, T>>& options,
                       bool required) {
  const Node* n = required ? require(key) : get(key);
  if (!n) return false;
  std::string text;
  if (!read_string(*n, child_path(key), diags_, text)) return false;
  std::vector<std::string> names;
  for (const auto& [name, value] : options) {
    if (text == name) {
      out = value;
      return true;
    }
    names.push_back(name);
  }
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  diags_.error(n->mark(), child_path(key), "unknown value " + quote(text) + ", expected one of: " + list);
  return false;
}

}  // namespace stackctl::config
