#include "config/reader.hpp"

#include <algorithm>

#include "config/suggest.hpp"

namespace stackctl::config {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string describe(const Node& n) {
  if (n.is_scalar()) return quote(n.text());
  return n.type_name();
}

bool read_string(const Node& n, const std::string& path, Diagnostics& d, std::string& out) {
  if (!n.is_scalar() || is_plain_null(n)) {
    d.error(n.mark(), path, "expected a string, got " + describe(n));
    return false;
  }
  out = n.text();
  return true;
}

bool read_int(const Node& n, const std::string& path, Diagnostics& d, int& out, long long min, long long max) {
  auto v = as_int(n);
  if (!v) {
    d.error(n.mark(), path, "expected an integer, got " + describe(n));
    return false;
  }
  if (*v < min || *v > max) {
    d.error(n.mark(), path,
            "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(*v));
    return false;
  }
  out = static_cast<int>(*v);
  return true;
}

bool read_bool(const Node& n, const std::string& path, Diagnostics& d, bool& out) {
  auto v = as_bool(n);
  if (!v) {
    d.error(n.mark(), path, "expected true or false, got " + describe(n));
    return false;
  }
  out = *v;
  return true;
}

MapReader::MapReader(const Node* node, std::string path, Diagnostics& diags, SourceMap* sources)
    : path_(std::move(path)), diags_(diags), sources_(sources) {
  if (!node || is_plain_null(*node)) return;
  if (!node->is_map()) {
    diags_.error(node->mark(), path_, "expected a map, got " + describe(*node));
    return;
  }
  node_ = node;
  if (sources_) sources_->record(path_, node->mark());
}

MapReader::~MapReader() { finish(); }

const Node* MapReader::get(const std::string& key) {
  known_.push_back(key);
  if (!node_) return nullptr;
  const Node* n = node_->find(key);
  if (n && sources_) sources_->record(child_path(key), n->mark());
  return n && !is_plain_null(*n) ? n : nullptr;
}

const Node* MapReader::require(const std::string& key) {
  const Node* n = get(key);
  if (!n) {
    Mark at = node_ ? node_->mark() : Mark{};
    diags_.error(at, path_, "missing required key " + quote(key));
  }
  return n;
}

void MapReader::known(std::initializer_list<const char*> keys) {
  for (const char* k : keys) known_.push_back(k);
}

bool MapReader::string(const std::string& key, std::string& out, bool required) {
  const Node* n = required ? require(key) : get(key);
  return n && read_string(*n, child_path(key), diags_, out);
}

bool MapReader::integer(const std::string& key, int& out, long long min, long long max, bool required) {
  const Node* n = required ? require(key) : get(key);
  return n && read_int(*n, child_path(key), diags_, out, min, max);
}

bool MapReader::boolean(const std::string& key, bool& out) {
  const Node* n = get(key);
  return n && read_bool(*n, child_path(key), diags_, out);
}

bool MapReader::string_list(const std::string& key, std::vector<std::string>& out) {
  const Node* n = get(key);
  if (!n) return false;
  if (!n->is_list()) {
    diags_.error(n->mark(), child_path(key), "expected a list, got " + describe(*n));
    return false;
  }
  out.clear();
  bool ok = true;
  for (size_t i = 0; i < n->items().size(); ++i) {
    std::string s;
    if (read_string(n->items()[i], path_index(child_path(key), i), diags_, s))
      out.push_back(s);
    else
      ok = false;
  }
  return ok;
}

void MapReader::finish() {
  if (finished_ || !node_) return;
  finished_ = true;
  for (const auto& e : node_->entries()) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    diags_.error(e.key_mark, path_join(path_, e.key), "unknown key " + quote(e.key) + did_you_mean(e.key, known_));
  }
}

}  // namespace stackctl::config
