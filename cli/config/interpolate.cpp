#include "config/interpolate.hpp"

#include <algorithm>

#include "config/suggest.hpp"

namespace stackctl::config {

void InterpolationScope::set_text(const std::string& name, const std::string& text) {
  set(name, Node::scalar(text, true, Mark{}));
}

void InterpolationScope::set_tree(const std::string& prefix, const Node& tree) {
  if (tree.is_map()) {
    for (const auto& e : tree.entries()) set_tree(prefix + "." + e.key, *e.value);
  } else if (tree.is_scalar()) {
    set(prefix, tree);
  }
}

const Node* InterpolationScope::find(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::vector<std::string> InterpolationScope::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values_) out.push_back(k);
  return out;
}

bool split_placeholders(const std::string& text, std::vector<Segment>& out, const Mark& mark, const std::string& path,
                        Diagnostics& diags) {
  out.clear();
  std::string literal;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      literal += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      literal += text[i++];
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string::npos) {
      diags.error(mark, path, "unterminated placeholder \"" + text.substr(i) + "\" (write $${ for a literal ${)");
      return false;
    }
    std::string name = text.substr(i + 2, close - i - 2);
    if (name.empty()) {
      diags.error(mark, path, "empty placeholder \"${}\"");
      return false;
    }
    if (!literal.empty()) out.push_back(Segment{Segment::Kind::text, std::move(literal)});
    literal.clear();
    out.push_back(Segment{Segment::Kind::placeholder, name});
    i = close + 1;
  }
  if (!literal.empty() || out.empty()) out.push_back(Segment{Segment::Kind::text, literal});
  return true;
}

bool is_deploy_time_reference(const std::string& name) {
  return name.rfind("secret:", 0) == 0 || name.rfind("dep.", 0) == 0;
}

std::string unknown_placeholder_message(const std::string& name, const InterpolationScope& scope) {
  return "unknown placeholder \"${" + name + "}\"" + did_you_mean(name, scope.names());
}

namespace {

void interpolate_scalar(Node& node, const InterpolationScope& scope, const std::string& path, Diagnostics& diags) {
  if (node.text().find("${") == std::string::npos) return;
  std::vector<Segment> segments;
  if (!split_placeholders(node.text(), segments, node.mark(), path, diags)) return;
  std::string result;
  for (const auto& seg : segments) {
    if (seg.kind == Segment::Kind::text) {
      result += seg.text;
      continue;
    }
    if (is_deploy_time_reference(seg.text)) {
      diags.error(node.mark(), path,
                  "\"${" + seg.text + "}\" is resolved at deploy time and is only allowed in a service's env values");
      return;
    }
    const Node* value = scope.find(seg.text);
    if (!value) {
      diags.error(node.mark(), path, unknown_placeholder_message(seg.text, scope));
      return;
    }
    if (segments.size() == 1 && !node.quoted()) {  // the whole plain scalar: keep the value's type
      Mark at = node.mark();
      node = *value;
      node.set_mark(at);
      return;
    }
    result += value->text();
  }
  node.set_text(result);
}

}  // namespace

void interpolate(Node& node, const InterpolationScope& scope, const std::string& path, Diagnostics& diags,
                 const std::vector<std::string>& skip_keys) {
  if (node.is_scalar()) {
    interpolate_scalar(node, scope, path, diags);
  } else if (node.is_map()) {
    for (auto& e : node.entries()) {
      std::string child = path_join(path, e.key);
      if (std::find(skip_keys.begin(), skip_keys.end(), e.key) != skip_keys.end()) continue;
      interpolate(*e.value, scope, child, diags, skip_keys);
    }
  } else if (node.is_list()) {
    for (size_t i = 0; i < node.items().size(); ++i)
      interpolate(node.items()[i], scope, path_index(path, i), diags, skip_keys);
  }
}

}  // namespace stackctl::config
