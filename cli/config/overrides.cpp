#include "config/overrides.hpp"

#include <algorithm>
#include <cctype>

#include "config/diagnostics.hpp"
#include "config/merge.hpp"
#include "config/yaml_parse.hpp"

namespace stackctl::config {
namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& message) {
  throw InvalidInput({Diagnostic{make_mark(origin), "", message}});
}

std::vector<std::string> split_path(const std::string& path, const std::string& origin) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) fail(origin, "empty key in path \"" + path + "\"");
    out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '\\' && i + 1 < path.size()) {
      cur += path[++i];
    } else if (c == '.') {
      flush();
    } else if (c == '[') {
      if (!cur.empty()) flush();
      size_t close = path.find(']', i);
      if (close == std::string::npos) fail(origin, "unclosed '[' in path \"" + path + "\"");
      std::string idx = path.substr(i + 1, close - i - 1);
      if (idx.empty() || !std::all_of(idx.begin(), idx.end(), ::isdigit))
        fail(origin, "list index must be a number in path \"" + path + "\"");
      out.push_back("[" + idx + "]");
      i = close;
      if (i + 1 < path.size() && path[i + 1] == '.') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty() || out.empty()) flush();
  return out;
}

bool env_key_matches(const std::string& env_segment, const std::string& key) {
  if (env_segment.size() != key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char a = static_cast<char>(std::tolower(static_cast<unsigned char>(env_segment[i])));
    char b = static_cast<char>(std::tolower(static_cast<unsigned char>(key[i])));
    if (a == '_' && (b == '-' || b == '_')) continue;
    if (a != b) return false;
  }
  return true;
}

std::string lowercase_dashed(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_index(const std::string& seg) { return seg.size() > 2 && seg.front() == '['; }

}  // namespace

Override parse_set_flag(const std::string& flag) {
  const std::string origin = "--set " + flag;
  size_t eq = flag.find('=');
  if (eq == std::string::npos || eq == 0) fail(origin, "expected PATH=VALUE, e.g. services.rates-api.replicas=3");
  return Override{split_path(flag.substr(0, eq), origin), flag.substr(eq + 1), origin};
}

std::vector<Override> overrides_from_environment(char** envp) {
  std::vector<Override> out;
  const std::string prefix = "STACKCTL_";
  for (char** e = envp; e && *e; ++e) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq == std::string::npos || entry.rfind(prefix, 0) != 0) continue;
    std::string name = entry.substr(0, eq);
    if (name.find("__") == std::string::npos) continue;  // a tool setting, not an override
    std::vector<std::string> path;
    std::string rest = name.substr(prefix.size());
    size_t pos = 0;
    while (true) {
      size_t next = rest.find("__", pos);
      path.push_back(rest.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
      if (next == std::string::npos) break;
      pos = next + 2;
    }
    for (const auto& seg : path)
      if (seg.empty()) fail(name, "empty key in variable name (use __ between keys)");
    out.push_back(Override{path, entry.substr(eq + 1), name});
  }
  std::sort(out.begin(), out.end(), [](const Override& a, const Override& b) { return a.origin < b.origin; });
  return out;
}

void apply_overrides(Node& root, const std::vector<Override>& overrides) {
  for (const auto& o : overrides) {
    const bool from_env = o.origin.rfind("--set", 0) != 0;
    Node value = Node::null(make_mark(o.origin));
    if (!o.value.empty()) {
      try {
        value = parse_yaml(o.value, o.origin);
      } catch (const InvalidInput&) {
        value = Node::scalar(o.value, true, make_mark(o.origin));  // not YAML: take it as text
      }
    }
    Node* cur = &root;
    std::string path;
    for (size_t i = 0; i < o.path.size(); ++i) {
      std::string seg = o.path[i];
      const bool last = i + 1 == o.path.size();
      if (is_index(seg)) {
        size_t idx = std::stoul(seg.substr(1, seg.size() - 2));
        if (!cur->is_list() || idx >= cur->items().size())
          fail(o.origin, "\"" + path + seg + "\" does not exist (no list item " + std::to_string(idx) + ")");
        path += seg;
        if (last) { cur->items()[idx] = value; break; }
        cur = &cur->items()[idx];
        continue;
      }
      if (!cur->is_map()) {
        if (!cur->is_null()) fail(o.origin, "\"" + path + "\" is " + cur->type_name() + ", not a map");
        *cur = Node::map(make_mark(o.origin));
      }
      if (from_env) {
        const Entry* match = nullptr;
        for (const auto& e : cur->entries())
          if (env_key_matches(seg, e.key)) match = &e;
        seg = match ? match->key : lowercase_dashed(seg);
      }
      path = path_join(path, seg);
      if (last) {
        if (Node* existing = cur->find(seg); existing && existing->is_map() && value.is_map())
          deep_merge(*existing, value);
        else
          cur->set(seg, value, make_mark(o.origin));
        break;
      }
      Node* child = cur->find(seg);
      if (!child) child = &cur->set(seg, Node::map(make_mark(o.origin)), make_mark(o.origin));
      cur = child;
    }
  }
}

}  // namespace stackctl::config
