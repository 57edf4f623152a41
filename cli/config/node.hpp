// A YAML value that remembers where it came from. Every layer above the parser
// (merge, overrides, interpolation, validation) works on this tree, so any
// error can name the file, line, column and key path of the offending value.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::config {

/// Where a value was written: a file position, or a command-line/environment
/// override (then `file` names the override and line is 0).
struct Mark {
  std::shared_ptr<const std::string> file;
  int line = 0;    // 1-based; 0 when the value did not come from a file
  int column = 0;  // 1-based

  std::string where() const;  // "environments/base.yaml:3:5" or "--set a.b=1"
};

Mark make_mark(std::string source, int line = 0, int column = 0);

class Node;

struct Entry {
  std::string key;
  Mark key_mark;
  std::unique_ptr<Node> value;  // never null
};

/// A scalar is kept as its source text plus whether it was quoted; its type
/// (string, int, bool, null) is resolved by the reader that consumes it, with
/// YAML 1.2 core-schema rules for plain scalars.
class Node {
 public:
  enum class Type { null, scalar, map, list };

  Node() = default;
  static Node null(Mark mark);
  static Node scalar(std::string text, bool quoted, Mark mark);
  static Node map(Mark mark);
  static Node list(Mark mark);

  Node(const Node& other);
  Node& operator=(const Node& other);
  Node(Node&&) noexcept = default;
  Node& operator=(Node&&) noexcept = default;

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool is_scalar() const { return type_ == Type::scalar; }
  bool is_map() const { return type_ == Type::map; }
  bool is_list() const { return type_ == Type::list; }
  const char* type_name() const;  // "a map", "a list", "a scalar", "null"

  const Mark& mark() const { return mark_; }
  void set_mark(Mark m) { mark_ = std::move(m); }

  // Scalars.
  const std::string& text() const { return text_; }
  bool quoted() const { return quoted_; }
  void set_text(std::string text) { text_ = std::move(text); }

  // Maps keep insertion order; keys are unique (the parser rejects duplicates).
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  const Entry* find_entry(std::string_view key) const;
  Node& set(std::string key, Node value, Mark key_mark);  // insert or replace
  bool erase(std::string_view key);

  // Lists.
  const std::vector<Node>& items() const { return items_; }
  std::vector<Node>& items() { return items_; }

 private:
  Type type_ = Type::null;
  Mark mark_;
  std::string text_;
  bool quoted_ = false;
  std::vector<Entry> entries_;
  std::vector<Node> items_;
};

/// Typed views of a scalar under YAML 1.2 core-schema rules. They return
/// nullopt when the node is not a scalar of that type.
std::optional<bool> as_bool(const Node& n);
std::optional<long long> as_int(const Node& n);
std::optional<double> as_number(const Node& n);
bool is_plain_null(const Node& n);

}  // namespace stackctl::config
