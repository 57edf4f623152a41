// HCL strings: quoted templates with their escapes, ${ interpolations } and
// %{ directives }, and heredocs (the parser itself: hcl_syntax.hpp).
#include "terraform/hcl_syntax.hpp"

namespace stackctl::terraform::hcl {

// "...": literal text, escapes, ${ interpolation } and %{ directives }.
Value Parser::quoted_template() {
  Value v = opened(ValueKind::string, 1);
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

void Parser::escape(std::string& out) {
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
      const size_t n = e == 'u' ? 4 : 8;
      unsigned long code = 0;
      if (!c_.read_hex(n, code))
        TextCursor::fail_at(m, std::string("\\") + e + " needs " + std::to_string(n) + " hex digits");
      append_utf8(out, code);
      return;
    }
    default:
      TextCursor::fail_at(m, std::string("invalid escape \"\\") + e + "\" in a string");
  }
}

// "${" or "%{", with its optional strip marker "~", then `inside`, then the
// optional "~" and "}".
void Parser::template_sequence(const char* what, const std::function<void(const config::Mark&)>& inside) {
  config::Mark open = c_.mark();
  c_.advance(2);
  NewlineMode mode(newlines_, false);
  skip();
  if (c_.peek() == '~') c_.advance();
  skip();
  inside(open);
  skip();
  if (c_.peek() == '~') c_.advance();
  expect('}', std::string("to close the ") + what + " opened at " + where(open));
}

void Parser::interpolation() {
  template_sequence("interpolation \"${\"", [this](const config::Mark&) { expression(); });
}

void Parser::directive() {
  template_sequence("template directive \"%{\"", [this](const config::Mark& open) {
    std::string word = identifier("a template directive (if, else, endif, for, endfor)");
    skip();
    if (word == "if") {
      expression();
    } else if (word == "for") {
      for_head("the template directive for");
    } else if (word != "else" && word != "endif" && word != "endfor") {
      TextCursor::fail_at(open, "unknown template directive \"" + word + "\"");
    }
  });
}

// <<EOT or <<-EOT, up to a line holding only the marker.
Value Parser::heredoc() {
  Value v = opened(ValueKind::string, 2);
  if (c_.peek() == '-') c_.advance();
  std::string marker = identifier("a heredoc marker");
  if (c_.peek() == '\r') c_.advance();
  if (c_.peek() != '\n') c_.fail("expected a newline after the heredoc marker " + marker + ", found " + c_.describe());
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
}  // namespace stackctl::terraform::hcl
