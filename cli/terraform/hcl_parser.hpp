// A reader for HCL native syntax (Terraform's *.tf files): bodies of
// attributes and blocks, comments, and every expression form (templates,
// heredocs, tuples, objects, calls, references, operators, conditionals, for
// expressions, splats, indexes), skipped correctly but only classified by
// literal kind (hcl_model.hpp). Nothing is evaluated.
#pragma once

#include <string>
#include <string_view>

#include "terraform/hcl_model.hpp"

namespace stackctl::terraform {

/// Parses one file's text. `file_name` is what marks and errors show. Throws
/// config::InvalidInput with one diagnostic ("file:line:col: message") on a
/// syntax error.
Body parse_hcl(std::string_view text, const std::string& file_name);

}  // namespace stackctl::terraform
