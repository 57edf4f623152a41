// Terraform's JSON syntax read into the body model, with positions.
#include <doctest/doctest.h>

#include "config/diagnostics.hpp"
#include "terraform/tf_json_reader.hpp"

using namespace stackctl::terraform;

TEST_CASE("terraform json: resource -> type -> name -> body becomes a labelled block") {
  Body b = parse_tf_json(
      "{\n"
      "  \"//\": \"comment\",\n"
      "  \"resource\": {\n"
      "    \"google_compute_network\": {\n"
      "      \"vpc\": {\"name\": \"x\", \"auto_create_subnetworks\": false, \"mtu\": 1460,\n"
      "              \"tags\": [\"a\", \"${var.b}\"], \"labels\": {\"k\": \"v\"}, \"n\": null}\n"
      "    }\n"
      "  },\n"
      "  \"data\": [{\"google_project\": {\"p\": {}}}],\n"
      "  \"module\": {\"net\": {\"source\": \"./modules/gcp/network\"}},\n"
      "  \"locals\": {\"a\": 1}\n"
      "}\n",
      "main.tf.json");
  REQUIRE(b.blocks.size() == 4);
  const Block& r = b.blocks[0];
  CHECK(r.type == "resource");
  CHECK(r.labels == std::vector<std::string>{"google_compute_network", "vpc"});
  CHECK(r.mark.line == 5);
  CHECK(r.mark.column == 7);
  CHECK(*r.mark.file == "main.tf.json");
  CHECK(r.body.json);
  REQUIRE(r.body.attributes.size() == 6);
  CHECK(r.body.attributes[0].value.kind == ValueKind::string);
  CHECK(r.body.attributes[1].value.kind == ValueKind::boolean);
  CHECK(r.body.attributes[2].value.kind == ValueKind::number);
  CHECK(r.body.attributes[3].value.items[1].kind == ValueKind::unknown);  // "${var.b}"
  CHECK(r.body.attributes[4].value.members[0].name == "k");
  CHECK(r.body.attributes[5].value.kind == ValueKind::null);
  CHECK(r.body.attributes[1].mark.line == 5);
  CHECK(b.blocks[1].type == "data");
  CHECK(b.blocks[1].labels == std::vector<std::string>{"google_project", "p"});
  CHECK(b.blocks[2].labels == std::vector<std::string>{"net"});
  CHECK(find_attribute(b.blocks[2].body, "source")->value.text == "./modules/gcp/network");
  CHECK(b.blocks[3].type == "locals");
}

TEST_CASE("terraform json: strings with interpolation are expressions") {
  Value v = parse_json_value(R"(["${a}", "x-${a}", "$${a}", "plain", "${f(\"}\")}"])", "t.json");
  CHECK(v.items[0].kind == ValueKind::unknown);
  CHECK(v.items[1].kind == ValueKind::string);
  CHECK_FALSE(v.items[1].text_known);
  CHECK(v.items[2].text_known);
  CHECK(v.items[3].text == "plain");
  CHECK(v.items[4].kind == ValueKind::unknown);
}

TEST_CASE("terraform json: errors with line and column") {
  auto error_of = [](const std::string& text) {
    try {
      parse_tf_json(text, "m.tf.json");
    } catch (const stackctl::config::InvalidInput& e) {
      return e.diagnostics().at(0).to_string();
    }
    return std::string("no error");
  };
  CHECK(error_of("{\n  \"a\": 1,\n}\n") == "m.tf.json:3:1: expected a property name in quotes, found \"}\"");
  CHECK(error_of("{\"resource\": {\"t\": {\"n\": 3}}}") ==
        "m.tf.json:1:26: expected an object (the body of resource), found number");
  CHECK(error_of("[1]") == "m.tf.json:1:1: expected an object at the top of a .tf.json file, found tuple");
  CHECK(error_of("{\"a\": tru}") == "m.tf.json:1:7: expected a JSON value, found \"t\"");
}

TEST_CASE("terraform json: \\u escapes decode to UTF-8; a bad digit is named where it is") {
  Body b = parse_tf_json("{\"locals\": {\"\\u0061\\u00e9\\u20ac\": \"x\"}}", "m.tf.json");
  REQUIRE(b.blocks.size() == 1);
  REQUIRE(b.blocks[0].body.attributes.size() == 1);
  CHECK(b.blocks[0].body.attributes[0].name == "a\xc3\xa9\xe2\x82\xac");
  try {
    parse_tf_json("{\"a\": \"\\u00zz\"}", "m.tf.json");
    FAIL("no error");
  } catch (const stackctl::config::InvalidInput& e) {
    CHECK(e.diagnostics().at(0).to_string() == "m.tf.json:1:12: \\u needs four hex digits");
  }
}
