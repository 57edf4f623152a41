// The HCL parser (internal to cli/terraform/): its state and its steps.
// hcl_parser.cpp has the lexing helpers and bodies, hcl_expressions.cpp the
// expressions, hcl_templates.cpp the quoted templates, escapes,
// interpolations, directives and heredocs.
// Newlines end an attribute's expression (and an object member's) but are
// ignored inside parentheses, tuples, calls, indexes, interpolations and for
// expressions: `newlines_` is that stack.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "terraform/hcl_model.hpp"
#include "terraform/text_cursor.hpp"

namespace stackctl::terraform::hcl {

inline bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
inline bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }
inline bool digit(char c) { return c >= '0' && c <= '9'; }

inline std::string where(const config::Mark& m) { return std::to_string(m.line) + ":" + std::to_string(m.column); }

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : c_(text, file) {}

  Body file();

 private:
  TextCursor c_;
  std::vector<bool> newlines_;  // top: a newline ends the current expression

  struct NewlineMode {
    std::vector<bool>& stack;
    NewlineMode(std::vector<bool>& s, bool significant) : stack(s) { stack.push_back(significant); }
    ~NewlineMode() { stack.pop_back(); }
    NewlineMode(const NewlineMode&) = delete;
    NewlineMode& operator=(const NewlineMode&) = delete;
  };

  bool significant() const { return newlines_.empty() || newlines_.back(); }

  // Lexing (hcl_parser.cpp). skip: blanks and comments; newlines too unless
  // they are significant here.
  void skip() { skip(!significant()); }
  void skip(bool newlines);
  bool keyword(std::string_view word) const { return c_.starts_with(word) && !ident_char(c_.peek(word.size())); }
  std::string identifier(const char* what);
  void expect(char ch, const std::string& context);

  // Bodies (hcl_parser.cpp): up to the closing brace (not consumed), or to the
  // end of the file when `open` is null.
  Body body_until_close(const config::Mark* open);
  void end_of_item(const std::string& what);

  // Expressions (hcl_expressions.cpp).
  Value expression();
  Value binary();
  Value unary();
  Value postfix(Value v);
  Value primary();
  void call(const std::string& name);
  Value number();
  // A value of `kind` marked where its opener ("[", "{", "\"", "<<") starts, the opener consumed.
  Value opened(ValueKind kind, size_t opener_length);
  Value tuple();
  Value object();
  // After "[" or "{": for k, v in coll : value [=> ...] [if cond] then close.
  void for_expression(char close, const config::Mark& open);
  // `k[, v] in collection`, after "for".
  void for_head(const std::string& context);

  // Strings (hcl_templates.cpp). "...": literal text, escapes,
  // ${ interpolation } and %{ directives }.
  Value quoted_template();
  void escape(std::string& out);
  void interpolation();
  void directive();
  void template_sequence(const char* what, const std::function<void(const config::Mark&)>& inside);
  // <<EOT or <<-EOT, up to a line holding only the marker.
  Value heredoc();
};

}  // namespace stackctl::terraform::hcl
