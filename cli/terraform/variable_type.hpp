// A module variable's `type` argument (an HCL type expression such as
// string, list(string), map(number), tuple([string, bool]),
// object({ name = string, size = optional(number, 1) }), any) read into the
// provider schema's TypeConstraint, so literal_types can check the values a
// module call passes.
#pragma once

#include <string_view>

#include "terraform/provider_schema.hpp"

namespace stackctl::terraform {

/// The constraint `text` spells. optional(T) and optional(T, default) count
/// as T. Anything not understood (a typo, a newer type function) is any
/// (Kind::dynamic), so it never causes a finding.
TypeConstraint parse_variable_type(std::string_view text);

}  // namespace stackctl::terraform
