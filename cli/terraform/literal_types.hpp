// Whether a literal value (hcl_model.hpp) can be converted to an attribute's
// type constraint the way Terraform converts: number and bool literals become
// strings, strings become numbers or bools when their text is one, tuples
// become lists and sets, objects become maps and objects. Anything computed
// is never an error.
#pragma once

#include <string>

#include "config/diagnostics.hpp"
#include "terraform/hcl_model.hpp"
#include "terraform/provider_schema.hpp"

namespace stackctl::terraform {

/// Adds one diagnostic per mismatching literal (elements of tuples and
/// objects are checked too, with "[i]" and ".key" appended to `path`).
/// Returns the number of diagnostics added.
size_t check_literal_type(const Value& value, const TypeConstraint& type, const std::string& path,
                          config::Diagnostics& diags);

}  // namespace stackctl::terraform
