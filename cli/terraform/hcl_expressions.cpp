// HCL expressions: conditionals, operators, references with their indexes
// and splats, calls, numbers, tuples, objects and for expressions, each
// classified by literal kind only (hcl_syntax.hpp has the parser's state;
// hcl_templates.cpp the strings).
#include "terraform/hcl_syntax.hpp"

namespace stackctl::terraform::hcl {

Value Parser::expression() {
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

Value Parser::binary() {
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

Value Parser::unary() {
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

Value Parser::postfix(Value v) {
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

Value Parser::primary() {
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

void Parser::call(const std::string& name) {
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

Value Parser::number() {
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

Value Parser::opened(ValueKind kind, size_t opener_length) {
  Value v;
  v.mark = c_.mark();
  v.kind = kind;
  c_.advance(opener_length);
  return v;
}

Value Parser::tuple() {
  Value v = opened(ValueKind::tuple, 1);
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

Value Parser::object() {
  Value v = opened(ValueKind::object, 1);
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

// After "for": `k[, v] in collection` (the expression and the directive).
void Parser::for_head(const std::string& context) {
  identifier("a variable name after \"for\"");
  skip();
  if (c_.peek() == ',') {
    c_.advance();
    skip();
    identifier("a variable name");
    skip();
  }
  if (!keyword("in")) c_.fail("expected \"in\" in " + context + ", found " + c_.describe());
  c_.advance(2);
  skip();
  expression();
}

// After "[" or "{": for k, v in coll : value [=> ...] [if cond] then close.
void Parser::for_expression(char close, const config::Mark& open) {
  c_.advance(3);
  skip();
  for_head("the for expression");
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

}  // namespace stackctl::terraform::hcl
