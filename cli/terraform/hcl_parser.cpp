// HCL native syntax, recursive descent directly over the characters. Newlines
// end an attribute's expression (and an object member's) but are ignored
// inside parentheses, tuples, calls, indexes, interpolations and for
// expressions: `newlines_` is that stack.
#include "terraform/hcl_parser.hpp"

#include <vector>

#include "terraform/text_cursor.hpp"

namespace stackctl::terraform {
namespace {

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

std::string where(const config::Mark& m) { return std::to_string(m.line) + ":" + std::to_string(m.column); }

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : c_(text, file) {}

  Body file() {
    Body body = body_until_close(nullptr);
    return body;
  }

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

  // Skips blanks and comments; newlines too unless they are significant here.
  void skip() { skip(!significant()); }
  void skip(bool newlines) {
    for (;;) {
      char ch = c_.peek();
      if (ch == ' ' || ch == '\t' || ch == '\r') {
        c_.advance();
      } else if (ch == '\n') {
        if (!newlines) return;
        c_.advance();
      } else if (ch == '#' || (ch == '/' && c_.peek(1) == '/')) {
        while (!c_.eof() && c_.peek() != '\n') c_.advance();
      } else if (ch == '/' && c_.peek(1) == '*') {
        config::Mark start = c_.mark();
        c_.advance(2);
        while (!c_.eof() && !c_.starts_with("*/")) c_.advance();
        if (c_.eof()) TextCursor::fail_at(start, "comment \"/*\" is not closed with \"*/\"");
        c_.advance(2);
      } else {
        return;
      }
    }
  }

  bool keyword(std::string_view word) const { return c_.starts_with(word) && !ident_char(c_.peek(word.size())); }

  std::string identifier(const char* what) {
    if (!ident_start(c_.peek())) c_.fail("expected " + std::string(what) + ", found " + c_.describe());
    std::string out;
    while (ident_char(c_.peek())) {
      out += c_.peek();
      c_.advance();
    }
    return out;
  }

  void expect(char ch, const std::string& context) {
    if (c_.peek() != ch) c_.fail(std::string("expected \"") + ch + "\" " + context + ", found " + c_.describe());
    c_.advance();
  }

  // ---- bodies -----------------------------------------------------------------

  // A body up to its closing brace (not consumed), or to the end of the file
  // when `open` is null.
  Body body_until_close(const config::Mark* open) {
    NewlineMode mode(newlines_, true);
    Body body;
    for (;;) {
      skip(true);
      if (c_.eof()) {
        if (open) TextCursor::fail_at(*open, "block is not closed: \"}\" missing");
        return body;
      }
      if (c_.peek() == '}') {
        if (!open) c_.fail("unexpected \"}\" without an open block");
        return body;
      }
      config::Mark m = c_.mark();
      std::string name = identifier("an attribute name or a block type");
      skip();
      if (c_.peek() == '=' && c_.peek(1) != '=') {
        c_.advance();
        skip();
        TextCursor::Position start = c_.position();
        config::Mark start_mark = c_.mark();
        Value v = expression();
        std::string_view written = c_.slice(start.offset, c_.position().offset);
        while (!written.empty() && (written.back() == ' ' || written.back() == '\t' || written.back() == '\r'))
          written.remove_suffix(1);
        v.source = std::string(written);
        v.source_mark = start_mark;
        body.attributes.push_back(Attribute{std::move(name), m, std::move(v)});
        end_of_item("the value of \"" + body.attributes.back().name + "\"");
        continue;
      }
      Block b;
      b.type = std::move(name);
      b.mark = m;
      for (;;) {
        if (c_.peek() == '{') break;
        if (c_.peek() == '"') {
          config::Mark lm = c_.mark();
          Value label = quoted_template();
          if (!label.text_known) TextCursor::fail_at(lm, "a block label cannot contain interpolation");
          b.labels.push_back(label.text);
        } else if (ident_start(c_.peek())) {
          b.labels.push_back(identifier("a block label"));
        } else {
          c_.fail("expected \"=\", a block label or \"{\" after \"" + b.type + "\", found " + c_.describe());
        }
        skip();
      }
      config::Mark brace = c_.mark();
      c_.advance();
      b.body = body_until_close(&brace);
      c_.advance();  // "}"
      body.blocks.push_back(std::move(b));
      end_of_item("the block \"" + body.blocks.back().type + "\"");
    }
  }

  void end_of_item(const std::string& what) {
    skip();
    if (c_.eof() || c_.peek() == '\n' || c_.peek() == '}') return;
    c_.fail("unexpected " + c_.describe() + " after " + what + "; expected a newline");
  }

  // ---- expressions ------------------------------------------------------------

  Value expression() {
    config::Mark m = c_.mark();
    Value cond = binary();
    skip();
    if (c_.peek() != '?') return cond;
    c_.advance();
    skip();
    Value yes = expression();
    skip();
    expect(':', "in the conditional expression started at " + where(m));
    skip();
    Value no = expression();
    Value out;
    out.mark = m;
    bool scalar = yes.kind == ValueKind::string || yes.kind == ValueKind::number || yes.kind == ValueKind::boolean;
    if (scalar && yes.kind == no.kind) out.kind = yes.kind;
    return out;
  }

  Value binary() {
    config::Mark m = c_.mark();
    Value v = unary();
    bool logical = false, arithmetic = false;
    for (;;) {
      TextCursor::Position save = c_.position();
      skip();
      static const char* const ops[] = {"||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%"};
      std::string_view op;
      for (const char* o : ops)
        if (c_.starts_with(o)) {
          op = o;
          break;
        }
      if (op.empty()) {
        c_.restore(save);
        break;
      }
      bool arith = op == "+" || op == "-" || op == "*" || op == "/" || op == "%";
      (arith ? arithmetic : logical) = true;
      c_.advance(op.size());
      skip();
      unary();
    }
    if (!logical && !arithmetic) return v;
    Value out;
    out.mark = m;
    out.kind = logical ? ValueKind::boolean : ValueKind::number;
    return out;
  }

  Value unary() {
    config::Mark m = c_.mark();
    if (c_.peek() == '-' || c_.peek() == '!') {
      bool negate = c_.peek() == '-';
      c_.advance();
      skip();
      Value operand = unary();
      Value out;
      out.mark = m;
      out.kind = negate ? ValueKind::number : ValueKind::boolean;
      if (negate && operand.kind == ValueKind::number && operand.text_known) {
        out.text = "-" + operand.text;
        out.text_known = true;
      }
      return out;
    }
    return postfix(primary());
  }

  Value postfix(Value v) {
    for (;;) {
      if (c_.peek() == '.' && c_.peek(1) == '*') {
        c_.advance(2);
      } else if (c_.peek() == '.' && (ident_start(c_.peek(1)) || digit(c_.peek(1)))) {
        c_.advance();
        while (ident_char(c_.peek())) c_.advance();
      } else if (c_.peek() == '[') {
        config::Mark open = c_.mark();
        c_.advance();
        NewlineMode mode(newlines_, false);
        skip();
        if (c_.peek() == '*') {
          c_.advance();
        } else {
          expression();
        }
        skip();
        expect(']', "to close the index opened at " + where(open));
      } else {
        return v;
      }
      config::Mark m = v.mark;
      v = Value{};
      v.mark = m;
    }
  }

  Value primary() {
    Value v;
    v.mark = c_.mark();
    char ch = c_.peek();
    if (digit(ch)) return number();
    if (ch == '"') return quoted_template();
    if (ch == '<' && c_.peek(1) == '<') return heredoc();
    if (ch == '[') return tuple();
    if (ch == '{') return object();
    if (ch == '(') {
      config::Mark open = c_.mark();
      c_.advance();
      NewlineMode mode(newlines_, false);
      skip();
      Value inner = expression();
      skip();
      expect(')', "to close the parenthesis opened at " + where(open));
      inner.mark = v.mark;
      return inner;
    }
    if (!ident_start(ch)) c_.fail("expected an expression, found " + c_.describe());
    std::string name = identifier("an expression");
    while (c_.starts_with("::") && ident_start(c_.peek(2))) {  // provider::aws::arn_parse
      c_.advance(2);
      name += "::" + identifier("a function name");
    }
    if (c_.peek() == '(') {
      call(name);
      return v;
    }
    if (name == "true" || name == "false") {
      v.kind = ValueKind::boolean;
      v.text = name;
      v.text_known = true;
    } else if (name == "null") {
      v.kind = ValueKind::null;
    }
    return v;
  }

  void call(const std::string& name) {
    config::Mark open = c_.mark();
    c_.advance();
    NewlineMode mode(newlines_, false);
    skip();
    while (c_.peek() != ')') {
      expression();
      skip();
      if (c_.starts_with("...")) {
        c_.advance(3);
        skip();
      }
      if (c_.peek() == ',') {
        c_.advance();
        skip();
      } else if (c_.peek() != ')') {
        c_.fail("expected \",\" or \")\" in the arguments of " + name + "() opened at " + where(open) + ", found " +
                c_.describe());
      }
    }
    c_.advance();
  }

  Value number() {
    Value v;
    v.mark = c_.mark();
    v.kind = ValueKind::number;
    v.text_known = true;
    auto take = [&] {
      v.text += c_.peek();
      c_.advance();
    };
    while (digit(c_.peek())) take();
    if (c_.peek() == '.' && digit(c_.peek(1))) {
      take();
      while (digit(c_.peek())) take();
    }
    if ((c_.peek() == 'e' || c_.peek() == 'E') &&
        (digit(c_.peek(1)) || ((c_.peek(1) == '+' || c_.peek(1) == '-') && digit(c_.peek(2))))) {
      take();
      if (!digit(c_.peek())) take();
      while (digit(c_.peek())) take();
    }
    return v;
  }

  // "...": literal text, escapes, ${ interpolation } and %{ directives }.
  Value quoted_template() {
    Value v;
    v.mark = c_.mark();
    v.kind = ValueKind::string;
    c_.advance();
    bool literal = true, other = false;
    int interpolations = 0;
    for (;;) {
      char ch = c_.peek();
      if (c_.eof() || ch == '\n') TextCursor::fail_at(v.mark, "string is not closed: '\"' missing on this line");
      if (ch == '"') {
        c_.advance();
        break;
      }
      if (ch == '\\') {
        escape(v.text);
      } else if (c_.starts_with("$${") || c_.starts_with("%%{")) {
        v.text += ch;
        v.text += '{';
        c_.advance(3);
      } else if (c_.starts_with("${")) {
        interpolation();
        literal = false;
        ++interpolations;
        continue;
      } else if (c_.starts_with("%{")) {
        directive();
        literal = false;
        other = true;
        continue;
      } else {
        v.text += ch;
        c_.advance();
      }
      other = true;
    }
    if (!literal) {
      v.text.clear();
      if (interpolations == 1 && !other) v.kind = ValueKind::unknown;  // "${x}" has x's type
    }
    v.text_known = literal;
    return v;
  }

  void escape(std::string& out) {
    config::Mark m = c_.mark();
    c_.advance();
    char e = c_.peek();
    c_.advance();
    switch (e) {
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case '"':
        out += '"';
        return;
      case '\\':
        out += '\\';
        return;
      case 'u':
      case 'U': {
        size_t n = e == 'u' ? 4 : 8;
        unsigned long code = 0;
        for (size_t k = 0; k < n; ++k) {
          char h = c_.peek();
          int d = digit(h)                 ? h - '0'
                  : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                  : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                           : -1;
          if (d < 0) TextCursor::fail_at(m, std::string("\\") + e + " needs " + std::to_string(n) + " hex digits");
          code = code * 16 + static_cast<unsigned long>(d);
          c_.advance();
        }
        append_utf8(out, code);
        return;
      }
      default:
        TextCursor::fail_at(m, std::string("invalid escape \"\\") + e + "\" in a string");
    }
  }

  static void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  void interpolation() {
    config::Mark open = c_.mark();
    c_.advance(2);
    NewlineMode mode(newlines_, false);
    skip();
    if (c_.peek() == '~') c_.advance();
    skip();
    expression();
    skip();
    if (c_.peek() == '~') c_.advance();
    expect('}', "to close the interpolation \"${\" opened at " + where(open));
  }

  void directive() {
    config::Mark open = c_.mark();
    c_.advance(2);
    NewlineMode mode(newlines_, false);
    skip();
    if (c_.peek() == '~') c_.advance();
    skip();
    std::string word = identifier("a template directive (if, else, endif, for, endfor)");
    skip();
    if (word == "if") {
      expression();
    } else if (word == "for") {
      identifier("a variable name");
      skip();
      if (c_.peek() == ',') {
        c_.advance();
        skip();
        identifier("a variable name");
        skip();
      }
      if (!keyword("in")) c_.fail("expected \"in\" in the template directive for, found " + c_.describe());
      c_.advance(2);
      skip();
      expression();
    } else if (word != "else" && word != "endif" && word != "endfor") {
      TextCursor::fail_at(open, "unknown template directive \"" + word + "\"");
    }
    skip();
    if (c_.peek() == '~') c_.advance();
    expect('}', "to close the template directive \"%{\" opened at " + where(open));
  }

  // <<EOT or <<-EOT, up to a line holding only the marker.
  Value heredoc() {
    Value v;
    v.mark = c_.mark();
    v.kind = ValueKind::string;
    c_.advance(2);
    if (c_.peek() == '-') c_.advance();
    std::string marker = identifier("a heredoc marker");
    if (c_.peek() == '\r') c_.advance();
    if (c_.peek() != '\n')
      c_.fail("expected a newline after the heredoc marker " + marker + ", found " + c_.describe());
    c_.advance();
    std::string text;
    for (;;) {
      if (c_.eof()) TextCursor::fail_at(v.mark, "heredoc is not closed: no line \"" + marker + "\" follows");
      std::string_view rest = c_.rest();
      std::string_view line = rest.substr(0, rest.find('\n'));
      std::string_view trimmed = line;
      while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
      while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
      if (trimmed == marker) {
        size_t lead = line.find(marker);
        c_.advance(lead + marker.size());
        break;
      }
      text += line;
      text += '\n';
      c_.advance(line.size());
      if (c_.peek() == '\n') c_.advance();
    }
    bool templated = text.find("${") != std::string::npos || text.find("%{") != std::string::npos;
    if (!templated) v.text = std::move(text);
    v.text_known = !templated;
    return v;
  }

  Value tuple() {
    Value v;
    v.mark = c_.mark();
    v.kind = ValueKind::tuple;
    c_.advance();
    NewlineMode mode(newlines_, false);
    skip();
    if (keyword("for")) {
      for_expression(']', v.mark);
      return v;
    }
    while (c_.peek() != ']') {
      v.items.push_back(expression());
      skip();
      if (c_.peek() == ',') {
        c_.advance();
        skip();
      } else if (c_.peek() != ']') {
        c_.fail("expected \",\" or \"]\" in the tuple opened at " + where(v.mark) + ", found " + c_.describe());
      }
    }
    c_.advance();
    return v;
  }

  Value object() {
    Value v;
    v.mark = c_.mark();
    v.kind = ValueKind::object;
    c_.advance();
    skip(true);
    if (keyword("for")) {
      NewlineMode mode(newlines_, false);
      for_expression('}', v.mark);
      return v;
    }
    NewlineMode mode(newlines_, true);
    for (;;) {
      skip(true);
      if (c_.peek() == '}') break;
      if (c_.eof()) TextCursor::fail_at(v.mark, "object is not closed: \"}\" missing");
      Attribute member;
      member.mark = c_.mark();
      bool named = false;
      if (ident_start(c_.peek())) {
        TextCursor::Position save = c_.position();
        member.name = identifier("an object key");
        skip();
        named = (c_.peek() == '=' && c_.peek(1) != '=' && c_.peek(1) != '>') || c_.peek() == ':';
        if (!named) {
          member.name.clear();
          c_.restore(save);
        }
      }
      if (!named) {
        Value key = expression();
        if (key.kind == ValueKind::string && key.text_known) member.name = key.text;
        skip();
      }
      if (!((c_.peek() == '=' && c_.peek(1) != '=') || c_.peek() == ':'))
        c_.fail("expected \"=\" or \":\" after the object key, found " + c_.describe());
      c_.advance();
      skip();
      member.value = expression();
      v.members.push_back(std::move(member));
      skip();
      if (c_.peek() == ',') {
        c_.advance();
      } else if (c_.peek() != '\n' && c_.peek() != '}') {
        c_.fail("expected \",\", a newline or \"}\" after the object member, found " + c_.describe());
      }
    }
    c_.advance();
    return v;
  }

  // After "[" or "{": for k, v in coll : value [=> ...] [if cond] then close.
  void for_expression(char close, const config::Mark& open) {
    c_.advance(3);
    skip();
    identifier("a variable name after \"for\"");
    skip();
    if (c_.peek() == ',') {
      c_.advance();
      skip();
      identifier("a variable name");
      skip();
    }
    if (!keyword("in")) c_.fail("expected \"in\" in the for expression, found " + c_.describe());
    c_.advance(2);
    skip();
    expression();
    skip();
    expect(':', "after the collection of the for expression");
    skip();
    expression();
    skip();
    if (close == '}') {
      if (!c_.starts_with("=>")) c_.fail("expected \"=>\" in the object for expression, found " + c_.describe());
      c_.advance(2);
      skip();
      expression();
      skip();
      if (c_.starts_with("...")) {
        c_.advance(3);
        skip();
      }
    }
    if (keyword("if")) {
      c_.advance(2);
      skip();
      expression();
      skip();
    }
    expect(close, std::string("to close the for expression opened at ") + where(open));
  }
};

}  // namespace

Body parse_hcl(std::string_view text, const std::string& file_name) { return Parser(text, file_name).file(); }

}  // namespace stackctl::terraform
