// Checks of local module calls against the called module's interface (its
// `variable` and `output` blocks): every argument of a call must be a
// declared variable, every variable without a default must be set, literal
// arguments must fit the variable's type, and references module.NAME.OUTPUT
// must name a declared module call and, for a local one, one of its outputs.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "terraform/hcl_model.hpp"
#include "terraform/provider_schema.hpp"

namespace stackctl::terraform {

struct ModuleVariable {
  config::Mark mark;
  bool required = false;  // no `default` argument
  TypeConstraint type;    // from the `type` argument; any when absent or not understood
};

/// What a module directory declares. `complete` is false when one of its
/// files could not be read, so the declarations may be missing some.
struct ModuleInterface {
  std::map<std::string, ModuleVariable> variables;
  std::set<std::string> outputs;
  bool complete = true;
};

/// Adds the variable and output blocks of one file of the module.
void collect_interface(const Body& file, ModuleInterface& into);

/// Checks the arguments of `call` (a module block whose source is `source`)
/// against the called module. Findings have paths module.NAME.ARG (or
/// module.NAME for a missing variable, at the block).
void check_module_call(const Block& call, const std::string& source, const ModuleInterface& callee,
                       config::Diagnostics& diags);

/// A reference module.NAME.OUTPUT (or module.NAME[...].OUTPUT) found in an
/// expression.
struct ModuleReference {
  std::string module;
  std::string output;
  config::Mark mark;
};

/// Every module.NAME.OUTPUT reference in the expressions of `body`, at any
/// depth; text in string literals and comments is not looked at.
void collect_module_references(const Body& body, std::vector<ModuleReference>& out);

/// The module calls of one directory: name -> the called module's interface,
/// or nullptr when it is not a local module that could be read.
using ModuleCalls = std::map<std::string, const ModuleInterface*>;

/// Reports references to undeclared module calls and to outputs a local
/// module does not declare.
void check_module_references(const std::vector<ModuleReference>& refs, const ModuleCalls& calls,
                             config::Diagnostics& diags);

}  // namespace stackctl::terraform
