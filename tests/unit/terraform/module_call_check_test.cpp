// Module calls against the called module's interface: variable type
// expressions, arguments (unknown, missing, literal types) and
// module.NAME.OUTPUT references, in both syntaxes.
#include <doctest/doctest.h>

#include "temp_dir.hpp"
#include "terraform/schema_check.hpp"
#include "terraform/variable_type.hpp"

using namespace stackctl::terraform;

namespace {

const ProviderSchema& demo_schema() {
  static const ProviderSchema schema =
      load_provider_schema(std::string(STACKCTL_FIXTURES_DIR) + "/terraform/demo-1.2.3.json");
  return schema;
}

// The called module used by every case: modules/m.
const char* const kModule =
    "variable \"name\" { type = string }\n"
    "variable \"on\" {\n  type    = bool\n  default = true\n}\n"
    "variable \"sizes\" {\n  type    = map(number)\n  default = {}\n}\n"
    "variable \"rules\" {\n  type = list(object({\n    port = number\n    open = optional(bool, false)\n  }))\n"
    "  default = null\n}\n"
    "variable \"anything\" { default = 1 }\n"
    "output \"id\" { value = var.name }\n"
    "output \"url\" { value = \"x\" }\n";

// Findings as "line:col path: message" for a root module written as `file`.
std::vector<std::string> check(const std::string& file, const std::string& text) {
  stackctl::testing::TempDir tmp;
  tmp.write("root/modules/m/main.tf", kModule);
  tmp.write("root/" + file, text);
  stackctl::config::Diagnostics diags;
  CheckStats stats;
  check_terraform_dir((tmp.path / "root").string(), demo_schema(), diags, stats);
  std::vector<std::string> out;
  for (const auto& d : diags.sorted())
    out.push_back(std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + " " + d.path + ": " + d.message);
  return out;
}

std::vector<std::string> hcl(const std::string& text) { return check("main.tf", text); }

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("terraform modules: variable type expressions") {
  auto spelled = [](const char* text) { return parse_variable_type(text).to_string(); };
  CHECK(spelled("string") == "string");
  CHECK(spelled(" bool # comment") == "bool");
  CHECK(spelled("list(string)") == "list(string)");
  CHECK(spelled("set(number)") == "set(number)");
  CHECK(spelled("map(list(bool))") == "map(list(bool))");
  CHECK(parse_variable_type("tuple([string, number])").elements.size() == 2);
  TypeConstraint obj =
      parse_variable_type("object({\n  a = string\n  b = optional(number, 3)\n  \"c\" = any, d: bool\n})");
  REQUIRE(obj.kind == TypeConstraint::Kind::object);
  CHECK(obj.attributes.at("a").kind == TypeConstraint::Kind::string);
  CHECK(obj.attributes.at("b").kind == TypeConstraint::Kind::number);
  CHECK(obj.attributes.at("c").kind == TypeConstraint::Kind::dynamic);
  CHECK(obj.attributes.at("d").kind == TypeConstraint::Kind::boolean);
  CHECK(parse_variable_type("optional(object({ x = list(string) }), { x = [\"a)\"] })").kind ==
        TypeConstraint::Kind::object);
  // Not understood: any, never a finding.
  for (const char* unknown : {"any", "strin", "list(string", "list(string))", "map(foo)", "", "var.t"})
    CHECK(parse_variable_type(unknown).kind == TypeConstraint::Kind::dynamic);
}

TEST_CASE("terraform modules: a call setting what the module declares is clean") {
  CHECK(hcl("module \"a\" {\n  source = \"./modules/m\"\n  name = \"a\"\n}\n") == V{});
  CHECK(hcl("module \"a\" {\n  source     = \"./modules/m\"\n  count      = 2\n  providers  = {}\n"
            "  depends_on = []\n  name       = var.n\n  on         = \"false\"\n  sizes      = { a = 1, b = \"2\" }\n"
            "  rules      = [{ port = 80 }, { port = \"443\", open = true }]\n  anything   = [[1], { x = 2 }]\n}\n"
            "output \"o\" { value = [module.a[0].id, module.a[1].url, module.a] }\n") == V{});
}

TEST_CASE("terraform modules: unknown and missing arguments") {
  CHECK(hcl("module \"a\" {\n  source = \"./modules/m\"\n  name = \"a\"\n  nmae = \"b\"\n  port = 1\n}\n") ==
        V{"4:3 module.a.nmae: module \"./modules/m\" has no variable \"nmae\" (did you mean \"name\"?)",
          "5:3 module.a.port: module \"./modules/m\" has no variable \"port\""});
  CHECK(hcl("module \"a\" {\n  source = \"./modules/m\"\n  on = false\n}\n") ==
        V{"1:1 module.a: missing required variable \"name\" of module \"./modules/m\" (it has no default)"});
  CHECK(hcl("module \"a\" {\n  source = \"./modules/m\"\n  name = \"a\"\n  lifecycle {}\n}\n") ==
        V{"4:3 module.a.lifecycle: a module call takes arguments, not blocks: \"lifecycle\" is not allowed here"});
  // Registry modules cannot be read offline: not checked.
  CHECK(hcl("module \"r\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n  whatever = 1\n}\n") == V{});
}

TEST_CASE("terraform modules: literal arguments against the variable types") {
  auto with = [](const std::string& args) {
    return hcl("module \"a\" {\n  source = \"./modules/m\"\n  name = \"a\"\n" + args + "\n}\n");
  };
  CHECK(with("on = \"yes\"") == V{"4:6 module.a.on: expected bool, got the string \"yes\""});
  CHECK(with("name = [\"x\"]").size() == 1);  // a second `name`: the tuple is checked too
  CHECK(with("sizes = [1]") == V{"4:9 module.a.sizes: expected map(number), got a tuple [...]"});
  CHECK(with("sizes = { a = \"many\" }") == V{"4:15 module.a.sizes.a: expected number, got the string \"many\""});
  CHECK(with("rules = [{ port = \"http\" }]") ==
        V{"4:19 module.a.rules[0].port: expected number, got the string \"http\""});
  CHECK(with("rules = { port = 1 }") == V{"4:9 module.a.rules: expected list(object({...})), got an object {...}"});
  CHECK(with("on = var.on\nsizes = local.s\nrules = null") == V{});
}

TEST_CASE("terraform modules: references to module outputs") {
  const std::string call = "module \"a\" {\n  source = \"./modules/m\"\n  name = \"a\"\n}\n";
  CHECK(hcl(call + "output \"o\" {\n  value = \"${module.a.idd}-x\"\n}\n") ==
        V{"6:14 module.a.idd: module \"a\" has no output \"idd\" (did you mean \"id\"?)"});
  CHECK(hcl(call + "locals {\n  x = { y = module.b.id }\n}\n") ==
        V{"6:13 module.b: reference to undeclared module \"b\" (did you mean \"a\"?)"});
  // Text in string literals, comments and other names is not a reference.
  CHECK(hcl(call + "locals {\n  x = \"module.a.nope\" # module.a.nope\n  y = var.module.a.nope\n"
                   "  z = /* module.a.nope */ 1\n}\n") == V{});
  // Registry modules: any output.
  CHECK(hcl(call + "module \"r\" {\n  source = \"x/y/z\"\n}\noutput \"o\" { value = module.r.anything }\n") == V{});
}

TEST_CASE("terraform modules: calls and references in the JSON syntax") {
  CHECK(check("main.tf.json",
              "{\n  \"module\": {\"a\": {\"source\": \"./modules/m\", \"name\": \"a\", \"on\": \"yes\"}},\n"
              "  \"output\": {\"o\": {\"value\": \"${module.a.url} \\\"module.a.x\\\" ${lookup(module.a.nope, "
              "\\\"k\\\")}\"}}\n}\n") == V{"2:64 module.a.on: expected bool, got the string \"yes\"",
                                           "3:70 module.a.nope: module \"a\" has no output \"nope\""});
  CHECK(check("main.tf.json", "{\"module\": {\"a\": {\"source\": \"./modules/m\", \"nam\": \"a\"}}}") ==
        V{"1:13 module.a: missing required variable \"name\" of module \"./modules/m\" (it has no default)",
          "1:44 module.a.nam: module \"./modules/m\" has no variable \"nam\" (did you mean \"name\"?)"});
}
