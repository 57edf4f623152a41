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

void mark_all(Node& n, const Mark& mark) {
  n.set_mark(mark);
  for (auto& e : n.entries()) {
    e.key_mark = mark;
    mark_all(*e.value, mark);
  }
  for (auto& item : n.items()) mark_all(item, mark);
}

bool is_index(const std::string& seg) { return seg.size() > 2 && seg.front() == '['; }

bool addresses_service(const Override& o) {
  return o.path.size() >= 3 && segment_matches(o, o.path[0], "services") && !is_index(o.path[1]);
}

}  // namespace

bool segment_matches(const Override& o, const std::string& segment, const std::string& key) {
  return o.from_environment ? env_key_matches(segment, key) : segment == key;
}

std::vector<Override> service_overrides(const std::vector<Override>& all, const std::string& service) {
  std::vector<Override> out;
  for (const auto& o : all)
    if (addresses_service(o) && segment_matches(o, o.path[1], service)) {
      Override sliced = o;
      sliced.path.erase(sliced.path.begin(), sliced.path.begin() + 2);
      sliced.base_path = "services." + service;
      out.push_back(std::move(sliced));
    }
  return out;
}

std::vector<Override> environment_overrides(const std::vector<Override>& all) {
  std::vector<Override> out;
  for (const auto& o : all)
    if (!addresses_service(o)) out.push_back(o);
  return out;
}

Override parse_set_flag(const std::string& flag) {
  const std::string origin = "--set " + flag;
  size_t eq = flag.find('=');
  if (eq == std::string::npos || eq == 0) fail(origin, "expected PATH=VALUE, e.g. services.rates-api.replicas=3");
  return Override{split_path(flag.substr(0, eq), origin), flag.substr(eq + 1), origin, false, ""};
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
    out.push_back(Override{path, entry.substr(eq + 1), name, true, ""});
  }
  std::sort(out.begin(), out.end(), [](const Override& a, const Override& b) { return a.origin < b.origin; });
  return out;
}

void apply_overrides(Node& root, const std::vector<Override>& overrides) {
  for (const auto& o : overrides) {
    Node value = Node::null(make_mark(o.origin));
    if (!o.value.empty()) {
      try {
        value = parse_yaml(o.value, o.origin);
        mark_all(value, make_mark(o.origin));
      } catch (const InvalidInput&) {
        value = Node::scalar(o.value, true, make_mark(o.origin));  // not YAML: take it as text
      }
    }
    Node* cur = &root;
    std::string path = o.base_path;
    for (size_t i = 0; i < o.path.size(); ++i) {
      std::string seg = o.path[i];
      const bool last = i + 1 == o.path.size();
      if (is_index(seg)) {
        const std::string digits = seg.substr(1, seg.size() - 2);
        if (digits.size() > 9) fail(o.origin, "list index " + digits + " is too large");
        size_t idx = std::stoul(digits);
        if (!cur->is_list() || idx >= cur->items().size())
          fail(o.origin, "\"" + path + seg + "\" does not exist (no list item " + std::to_string(idx) + ")");
        path += seg;
        if (last) {
          cur->items()[idx] = value;
          break;
        }
        cur = &cur->items()[idx];
        continue;
      }
      if (!cur->is_map()) {
        if (!cur->is_null()) fail(o.origin, "\"" + path + "\" is " + cur->type_name() + ", not a map");
        *cur = Node::map(make_mark(o.origin));
      }
      if (o.from_environment) {
        const Entry* match = nullptr;
        for (const auto& e : cur->entries())
          if (env_key_matches(seg, e.key)) match = &e;
        const bool free_form = i > 0 && segment_matches(o, o.path[i - 1], "env");
        seg = match ? match->key : free_form ? seg : lowercase_dashed(seg);
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
