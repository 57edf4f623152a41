// The configuration model shared by the two Terraform syntaxes: a body of
// attributes and blocks, each with where it was written. Expressions are not
// evaluated; a value keeps only a coarse literal kind (and, for tuples and
// objects, its elements) so the schema checker can catch wrong literal types.
#pragma once

#include <string>
#include <vector>

#include "config/node.hpp"

namespace stackctl::terraform {

enum class ValueKind { string, number, boolean, null, tuple, object, unknown };

/// "string", "number", "bool", "null", "tuple", "object", "expression".
const char* kind_name(ValueKind kind);

struct Attribute;

struct Value {
  ValueKind kind = ValueKind::unknown;
  /// The contents of a string literal without interpolation, or a number's
  /// text; text_known is false for templates and computed values.
  std::string text;
  bool text_known = false;
  config::Mark mark;
  std::vector<Value> items;        // tuple elements
  std::vector<Attribute> members;  // object members; a computed key has name ""
  /// The text as written, starting at source_mark: an HCL attribute's whole
  /// expression (nested parts included, not set on the parts), or a JSON
  /// string's raw characters between its quotes. Empty otherwise.
  std::string source;
  config::Mark source_mark;
};

struct Attribute {
  std::string name;
  config::Mark mark;  // of the name
  Value value;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  /// From a .tf.json file: nested blocks are still written as attributes whose
  /// value is an object (or a tuple of objects); only the schema can tell.
  bool json = false;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  config::Mark mark;  // of the block type
  Body body;
};

/// The attribute named `name`, or nullptr.
const Attribute* find_attribute(const Body& body, const std::string& name);

}  // namespace stackctl::terraform
