// The HCL native syntax reader: every syntax form it must skip and classify,
// and syntax errors with file:line:column.
#include <doctest/doctest.h>

#include "config/diagnostics.hpp"
#include "terraform/hcl_parser.hpp"

using namespace stackctl::terraform;

namespace {

Body parse(const std::string& text) { return parse_hcl(text, "t.tf"); }

// The value of attribute `name` in a file holding only `name = <expr>`.
Value value_of(const std::string& expr) {
  Body b = parse("v = " + expr + "\n");
  REQUIRE(b.attributes.size() == 1);
  return b.attributes[0].value;
}

ValueKind kind_of(const std::string& expr) { return value_of(expr).kind; }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const stackctl::config::InvalidInput& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].to_string();
  }
  return "no error";
}

}  // namespace

TEST_CASE("terraform hcl: attributes and blocks with labels and positions") {
  Body b = parse(
      "a = 1\n"
      "resource \"google_compute_network\" \"vpc\" {\n"
      "  name = \"x\"\n"
      "  nested {\n"
      "    inner = true\n"
      "  }\n"
      "}\n"
      "locals { one = 1 }\n"
      "ident_label foo {\n}\n");
  REQUIRE(b.attributes.size() == 1);
  CHECK(b.attributes[0].name == "a");
  CHECK(b.attributes[0].mark.line == 1);
  CHECK(b.attributes[0].mark.column == 1);
  REQUIRE(b.blocks.size() == 3);
  const Block& r = b.blocks[0];
  CHECK(r.type == "resource");
  CHECK(r.labels == std::vector<std::string>{"google_compute_network", "vpc"});
  CHECK(r.mark.line == 2);
  CHECK(*r.mark.file == "t.tf");
  REQUIRE(r.body.attributes.size() == 1);
  CHECK(r.body.attributes[0].mark.line == 3);
  CHECK(r.body.attributes[0].mark.column == 3);
  REQUIRE(r.body.blocks.size() == 1);
  CHECK(r.body.blocks[0].body.attributes[0].name == "inner");
  CHECK(b.blocks[1].body.attributes[0].name == "one");  // one-line block
  CHECK(b.blocks[2].labels == std::vector<std::string>{"foo"});
}

TEST_CASE("terraform hcl: comments of all three kinds") {
  Body b = parse(
      "# hash\n"
      "// slashes\n"
      "/* block\n   comment */ a = 1 # trailing\n"
      "b = /* inline */ 2 // trailing\n"
      "c { # after brace\n"
      "}\n");
  REQUIRE(b.attributes.size() == 2);
  CHECK(b.attributes[0].mark.line == 4);
  CHECK(b.attributes[1].value.kind == ValueKind::number);
  CHECK(b.blocks.size() == 1);
}

TEST_CASE("terraform hcl: literal kinds") {
  CHECK(kind_of("\"plain\"") == ValueKind::string);
  CHECK(value_of("\"a \\\"q\\\" \\n \\u00e9\"").text == "a \"q\" \n \xc3\xa9");
  CHECK(value_of("\"plain\"").text_known);
  CHECK(kind_of("42") == ValueKind::number);
  CHECK(value_of("1.5e3").text == "1.5e3");
  CHECK(value_of("-3").text == "-3");
  CHECK(kind_of("true") == ValueKind::boolean);
  CHECK(kind_of("false") == ValueKind::boolean);
  CHECK(kind_of("null") == ValueKind::null);
  CHECK(kind_of("var.x") == ValueKind::unknown);
  CHECK(kind_of("true_thing") == ValueKind::unknown);
}

TEST_CASE("terraform hcl: templates with interpolation and directives") {
  Value t = value_of("\"a-${var.x}-b\"");
  CHECK(t.kind == ValueKind::string);
  CHECK_FALSE(t.text_known);
  CHECK(kind_of("\"${var.x}\"") == ValueKind::unknown);                        // a lone interpolation keeps its type
  CHECK(kind_of("\"${join(\",\", [\"a\", \"}\"])}\"") == ValueKind::unknown);  // quotes and braces inside
  CHECK(kind_of("\"x${ {a = \"}\"}[\"a\"] }y\"") == ValueKind::string);
  CHECK(kind_of("\"%{ if var.on ~}yes%{ else }no%{ endif }\"") == ValueKind::string);
  CHECK(kind_of("\"%{for k, v in var.m}${k}=${v} %{endfor}\"") == ValueKind::string);
  Value esc = value_of("\"$${literal} %%{also}\"");
  CHECK(esc.text_known);
  CHECK(esc.text == "${literal} %{also}");
  CHECK(kind_of("\"${~ var.x ~}\"") == ValueKind::unknown);
}

TEST_CASE("terraform hcl: heredocs") {
  Body b = parse(
      "a = <<EOT\n"
      "line one\n"
      "  ${var.x} } \" {\n"
      "EOT\n"
      "b = <<-EOF\n"
      "    indented\n"
      "    EOF\n"
      "c = 1\n");
  REQUIRE(b.attributes.size() == 3);
  CHECK(b.attributes[0].value.kind == ValueKind::string);
  CHECK_FALSE(b.attributes[0].value.text_known);
  CHECK(b.attributes[1].value.text_known);
  CHECK(b.attributes[1].value.text == "    indented\n");
  CHECK(b.attributes[2].mark.line == 8);
}

TEST_CASE("terraform hcl: tuples and objects keep element kinds") {
  Value t = value_of("[\"a\", 1, true, null, [2], {k = 1}, var.x,]");
  CHECK(t.kind == ValueKind::tuple);
  REQUIRE(t.items.size() == 7);
  CHECK(t.items[0].kind == ValueKind::string);
  CHECK(t.items[1].kind == ValueKind::number);
  CHECK(t.items[2].kind == ValueKind::boolean);
  CHECK(t.items[3].kind == ValueKind::null);
  CHECK(t.items[4].kind == ValueKind::tuple);
  CHECK(t.items[5].kind == ValueKind::object);
  CHECK(t.items[6].kind == ValueKind::unknown);

  Body b = parse(
      "o = {\n"
      "  a = 1\n"
      "  \"b-c\" = \"x\", d: true\n"
      "  (var.k) = [\n"
      "    1,\n"
      "    2\n"
      "  ]\n"
      "  e = { nested = {} }\n"
      "}\n"
      "after = 1\n");
  REQUIRE(b.attributes.size() == 2);
  const Value& o = b.attributes[0].value;
  CHECK(o.kind == ValueKind::object);
  REQUIRE(o.members.size() == 5);
  CHECK(o.members[0].name == "a");
  CHECK(o.members[1].name == "b-c");
  CHECK(o.members[1].value.kind == ValueKind::string);
  CHECK(o.members[2].name == "d");
  CHECK(o.members[2].value.kind == ValueKind::boolean);
  CHECK(o.members[3].name == "");  // computed key
  CHECK(o.members[3].value.kind == ValueKind::tuple);
  CHECK(o.members[3].mark.line == 4);
  CHECK(o.members[4].value.members[0].value.kind == ValueKind::object);
  CHECK(b.attributes[1].mark.line == 10);
  CHECK(value_of("{}").members.empty());
  CHECK(value_of("[]").items.empty());
}

TEST_CASE("terraform hcl: computed expressions are unknown, operators typed") {
  CHECK(kind_of("upper(\"x\")") == ValueKind::unknown);
  CHECK(kind_of("provider::aws::arn_parse(var.arn)") == ValueKind::unknown);
  CHECK(kind_of("concat(var.a, [1], local.b...)") == ValueKind::unknown);
  CHECK(kind_of("max(\n  1,\n  2\n)") == ValueKind::unknown);
  CHECK(kind_of("aws_instance.web[0].id") == ValueKind::unknown);
  CHECK(kind_of("aws_instance.web.*.id") == ValueKind::unknown);
  CHECK(kind_of("aws_instance.web[*].id") == ValueKind::unknown);
  CHECK(kind_of("var.list[count.index]") == ValueKind::unknown);
  CHECK(kind_of("var.a ? var.b : var.c") == ValueKind::unknown);
  CHECK(kind_of("var.a ? \"x\" : \"y\"") == ValueKind::string);
  CHECK(kind_of("1 + var.x * 2") == ValueKind::number);
  CHECK(kind_of("var.a == \"x\" && !var.b") == ValueKind::boolean);
  CHECK(kind_of("!var.b") == ValueKind::boolean);
  CHECK(kind_of("(var.a >= 2) || (var.b < 1)") == ValueKind::boolean);
  CHECK(kind_of("(\n  var.a\n  ? 1\n  : 2\n)") == ValueKind::number);
  CHECK(kind_of("[for s in var.list : upper(s) if s != \"\"]") == ValueKind::tuple);
  CHECK(kind_of("{for k, v in var.map : k => v...}") == ValueKind::object);
  CHECK(kind_of("{\n  for k, v in var.map :\n  k => v\n  if v != null\n}") == ValueKind::object);
  CHECK(kind_of("[for o in var.l : { name = o.name, port = o.port }]") == ValueKind::tuple);
  CHECK(kind_of("[1, 2][0]") == ValueKind::unknown);
  CHECK(kind_of("var.x.0.y") == ValueKind::unknown);
}

TEST_CASE("terraform hcl: a newline ends an expression outside brackets") {
  Body b = parse("a = var.x\nb = [\n  1,\n  2,\n]\nc = f(\n  1)\nd = 2\n");
  REQUIRE(b.attributes.size() == 4);
  CHECK(b.attributes[3].mark.line == 8);
}

TEST_CASE("terraform hcl: syntax errors name file, line and column") {
  CHECK(error_of("a = \"open\nb = 1\n") == "t.tf:1:5: string is not closed: '\"' missing on this line");
  CHECK(error_of("block {\n  a = 1\n") == "t.tf:1:7: block is not closed: \"}\" missing");
  CHECK(error_of("a = 1 2\n") == "t.tf:1:7: unexpected \"2\" after the value of \"a\"; expected a newline");
  CHECK(error_of("a = \n") == "t.tf:1:5: expected an expression, found end of line");
  CHECK(error_of("x {\n  y = [1, 2\n}\n") ==
        "t.tf:3:1: expected \",\" or \"]\" in the tuple opened at 2:7, found \"}\"");
  CHECK(error_of("x = f(1 2)\n") ==
        "t.tf:1:9: expected \",\" or \")\" in the arguments of f() opened at 1:6, found \"2\"");
  CHECK(error_of("}\n") == "t.tf:1:1: unexpected \"}\" without an open block");
  CHECK(error_of("a = <<EOT\nno end\n") == "t.tf:1:5: heredoc is not closed: no line \"EOT\" follows");
  CHECK(error_of("/* open\n") == "t.tf:1:1: comment \"/*\" is not closed with \"*/\"");
  CHECK(error_of("a = \"${var.x\"\n") ==
        "t.tf:1:13: expected \"}\" to close the interpolation \"${\" opened at 1:6, found \"\"\"");
  CHECK(error_of("a = {\n  b = 1\n  c 2\n}\n") ==
        "t.tf:3:5: expected \"=\" or \":\" after the object key, found \"2\"");
  CHECK(error_of("r \"a\" = 1\n") == "t.tf:1:7: expected \"=\", a block label or \"{\" after \"r\", found \"=\"");
  CHECK(error_of("a = 1 +\n  2\n") == "t.tf:1:8: expected an expression, found end of line");
  CHECK(error_of("a = \"%{ iff x }\"\n") == "t.tf:1:6: unknown template directive \"iff\"");
}

TEST_CASE("terraform hcl: \\u and \\U escapes decode to UTF-8; a short one names its length") {
  CHECK(value_of("\"\\u0041\\u00e9\\u20ac\\U0001F600\"").text == "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  CHECK(error_of("a = \"\\u12G4\"\n") == "t.tf:1:6: \\u needs 4 hex digits");
  CHECK(error_of("a = \"\\U0001F6\"\n") == "t.tf:1:6: \\U needs 8 hex digits");
}
