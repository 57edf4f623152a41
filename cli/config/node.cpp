#include "config/node.hpp"

#include <charconv>
#include <cmath>

namespace stackctl::config {

std::string Mark::where() const {
  std::string s = file ? *file : std::string("<unknown>");
  if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  return s;
}

Mark make_mark(std::string source, int line, int column) {
  return Mark{std::make_shared<const std::string>(std::move(source)), line, column};
}

Node Node::null(Mark mark) {
  Node n;
  n.mark_ = std::move(mark);
  return n;
}

Node Node::scalar(std::string text, bool quoted, Mark mark) {
  Node n;
  n.type_ = Type::scalar;
  n.text_ = std::move(text);
  n.quoted_ = quoted;
  n.mark_ = std::move(mark);
  return n;
}

Node Node::map(Mark mark) {
  Node n;
  n.type_ = Type::map;
  n.mark_ = std::move(mark);
  return n;
}

Node Node::list(Mark mark) {
  Node n;
  n.type_ = Type::list;
  n.mark_ = std::move(mark);
  return n;
}

Node::Node(const Node& other)
    : type_(other.type_), mark_(other.mark_), text_(other.text_), quoted_(other.quoted_), items_(other.items_) {
  entries_.reserve(other.entries_.size());
  for (const auto& e : other.entries_) entries_.push_back(Entry{e.key, e.key_mark, std::make_unique<Node>(*e.value)});
}

Node& Node::operator=(const Node& other) {
  if (this != &other) *this = Node(other);
  return *this;
}

const char* Node::type_name() const {
  switch (type_) {
    case Type::null:
      return "null";
    case Type::scalar:
      return "a scalar";
    case Type::map:
      return "a map";
    case Type::list:
      return "a list";
  }
  return "?";
}

const Entry* Node::find_entry(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Entry* e = find_entry(key);
  return e ? e->value.get() : nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& e : entries_)
    if (e.key == key) return e.value.get();
  return nullptr;
}

Node& Node::set(std::string key, Node value, Mark key_mark) {
  for (auto& e : entries_) {
    if (e.key == key) {
      *e.value = std::move(value);
      e.key_mark = std::move(key_mark);
      return *e.value;
    }
  }
  entries_.push_back(Entry{std::move(key), std::move(key_mark), std::make_unique<Node>(std::move(value))});
  return *entries_.back().value;
}

bool Node::erase(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

bool is_plain_null(const Node& n) {
  if (n.is_null()) return true;
  if (!n.is_scalar() || n.quoted()) return false;
  const auto& t = n.text();
  return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

std::optional<bool> as_bool(const Node& n) {
  if (!n.is_scalar() || n.quoted()) return std::nullopt;
  const auto& t = n.text();
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

std::optional<long long> as_int(const Node& n) {
  if (!n.is_scalar() || n.quoted()) return std::nullopt;
  std::string_view t = n.text();
  if (t.empty()) return std::nullopt;
  size_t start = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  if (start == t.size()) return std::nullopt;
  long long value = 0;
  std::string_view digits = t.substr(start);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return t[0] == '-' ? -value : value;
}

std::optional<double> as_number(const Node& n) {
  if (auto i = as_int(n)) return static_cast<double>(*i);
  if (!n.is_scalar() || n.quoted() || n.text().empty()) return std::nullopt;
  const std::string& t = n.text();
  char c = t[0];
  if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(t.data() + (c == '+' ? 1 : 0), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace stackctl::config
