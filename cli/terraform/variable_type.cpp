// Recursive descent over the type expression text; a parse failure anywhere
// makes the whole constraint `any`.
#include "terraform/variable_type.hpp"

#include <string>

namespace stackctl::terraform {
namespace {

using Kind = TypeConstraint::Kind;

struct Unparsed {};

class TypeReader {
 public:
  explicit TypeReader(std::string_view text) : s_(text) {}

  TypeConstraint whole() {
    TypeConstraint t = type();
    skip();
    if (i_ != s_.size()) throw Unparsed{};
    return t;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;

  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }

  void skip() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i_;
      } else if (c == '#' || (c == '/' && peek_at(1) == '/')) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '/' && peek_at(1) == '*') {
        size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) throw Unparsed{};
        i_ = end + 2;
      } else {
        return;
      }
    }
  }
  char peek_at(size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void expect(char c) {
    skip();
    if (peek() != c) throw Unparsed{};
    ++i_;
  }

  bool accept(char c) {
    skip();
    if (peek() != c) return false;
    ++i_;
    return true;
  }

  std::string name() {
    skip();
    std::string out;
    while (i_ < s_.size()) {
      char c = s_[i_];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || (c >= '0' && c <= '9');
      if (!ok) break;
      out += c;
      ++i_;
    }
    if (out.empty()) throw Unparsed{};
    return out;
  }

  // An object attribute name: bare or quoted (no escapes expected).
  std::string key() {
    skip();
    if (peek() != '"') return name();
    size_t end = s_.find('"', i_ + 1);
    if (end == std::string_view::npos) throw Unparsed{};
    std::string out(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    return out;
  }

  // The default of optional(T, default): skipped up to the closing ")".
  void skip_expression() {
    int depth = 0;
    bool quoted = false;
    for (; i_ < s_.size(); ++i_) {
      char c = s_[i_];
      if (quoted) {
        if (c == '\\')
          ++i_;
        else if (c == '"')
          quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) return;
        --depth;
      }
    }
    throw Unparsed{};
  }

  TypeConstraint type() {
    std::string word = name();
    TypeConstraint t;
    if (word == "string" || word == "number" || word == "bool" || word == "any") {
      t.kind = word == "string"   ? Kind::string
               : word == "number" ? Kind::number
               : word == "bool"   ? Kind::boolean
                                  : Kind::dynamic;
      return t;
    }
    expect('(');
    if (word == "list" || word == "set" || word == "map") {
      t.kind = word == "list" ? Kind::list : word == "set" ? Kind::set : Kind::map;
      t.elements.push_back(type());
    } else if (word == "optional") {
      t = type();
      if (accept(',')) skip_expression();
    } else if (word == "tuple") {
      t.kind = Kind::tuple;
      expect('[');
      while (!accept(']')) {
        t.elements.push_back(type());
        if (!accept(',')) {
          expect(']');
          break;
        }
      }
    } else if (word == "object") {
      t.kind = Kind::object;
      expect('{');
      while (!accept('}')) {
        std::string k = key();
        skip();
        if (!accept('=') && !accept(':')) throw Unparsed{};
        t.attributes[k] = type();
        accept(',');
      }
    } else {
      throw Unparsed{};
    }
    expect(')');
    return t;
  }
};

}  // namespace

TypeConstraint parse_variable_type(std::string_view text) {
  try {
    return TypeReader(text).whole();
  } catch (const Unparsed&) {
    return TypeConstraint{};
  }
}

}  // namespace stackctl::terraform
