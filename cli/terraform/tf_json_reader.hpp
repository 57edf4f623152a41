// Terraform's JSON syntax (*.tf.json, e.g. the root module stackctl renders)
// read into the same body model as HCL (hcl_model.hpp): top-level "resource"
// -> type -> name -> body become blocks with labels; inside a body every
// property stays an attribute (Body::json), because only the provider schema
// says whether "settings": {...} is a nested block or an object attribute.
// Strings holding "${" are expressions: "${x}" alone is of unknown type,
// other templates are strings of unknown text.
#pragma once

#include <string>
#include <string_view>

#include "terraform/hcl_model.hpp"

namespace stackctl::terraform {

/// Parses a JSON document into a Value with file:line:column marks. Throws
/// config::InvalidInput on a syntax error.
Value parse_json_value(std::string_view text, const std::string& file_name);

/// Parses a .tf.json file's text into top-level blocks. Throws
/// config::InvalidInput on a syntax error or a misplaced value.
Body parse_tf_json(std::string_view text, const std::string& file_name);

/// The body a JSON object stands for (its properties as attributes, "//"
/// comments dropped), marked Body::json.
Body json_body(const Value& object);

}  // namespace stackctl::terraform
