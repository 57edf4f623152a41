// HCL native syntax, recursive descent directly over the characters: the
// lexing helpers and bodies of attributes and blocks (hcl_syntax.hpp has the
// parser's state; hcl_expressions.cpp the expressions; hcl_templates.cpp the
// strings).
#include "terraform/hcl_parser.hpp"

#include "terraform/hcl_syntax.hpp"

namespace stackctl::terraform {
namespace hcl {

Body Parser::file() {
  Body body = body_until_close(nullptr);
  return body;
}

void Parser::skip(bool newlines) {
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

std::string Parser::identifier(const char* what) {
  if (!ident_start(c_.peek())) c_.fail("expected " + std::string(what) + ", found " + c_.describe());
  std::string out;
  while (ident_char(c_.peek())) {
    out += c_.peek();
    c_.advance();
  }
  return out;
}

void Parser::expect(char ch, const std::string& context) {
  if (c_.peek() != ch) c_.fail(std::string("expected \"") + ch + "\" " + context + ", found " + c_.describe());
  c_.advance();
}

// A body up to its closing brace (not consumed), or to the end of the file
// when `open` is null.
Body Parser::body_until_close(const config::Mark* open) {
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

void Parser::end_of_item(const std::string& what) {
  skip();
  if (c_.eof() || c_.peek() == '\n' || c_.peek() == '}') return;
  c_.fail("unexpected " + c_.describe() + " after " + what + "; expected a newline");
}

}  // namespace hcl

Body parse_hcl(std::string_view text, const std::string& file_name) { return hcl::Parser(text, file_name).file(); }

}  // namespace stackctl::terraform
