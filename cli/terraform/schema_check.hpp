// Checks Terraform configuration (a directory of *.tf and *.tf.json files and
// the local modules it calls) against a provider schema, offline: unknown
// resource and data source types, unknown attributes and blocks at any depth,
// missing required attributes and blocks, too many blocks, computed-only
// attributes that are set, and literal values of the wrong type. Local module
// calls are checked against the called module's variables and outputs
// (module_call_check.hpp). Types of other providers (aws_* against the google
// schema) are counted as skipped.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "terraform/provider_schema.hpp"

namespace stackctl::terraform {

struct CheckStats {
  size_t modules = 0;       // directories read (the one given plus local modules it calls)
  size_t files = 0;         // *.tf and *.tf.json files read
  size_t resources = 0;     // resource blocks checked against the schema
  size_t data_sources = 0;  // data blocks checked against the schema
  size_t attributes = 0;    // attributes checked, at every nesting level
  /// Types the schema does not cover (another provider's), e.g.
  /// "aws_s3_bucket" or "data.aws_caller_identity", with how often they occur.
  std::map<std::string, size_t> skipped;
};

/// Checks every *.tf and *.tf.json file in `dir` (not its subdirectories) and,
/// once each, the directories of the local modules called from them
/// ("./..." or "../..." sources, relative to the calling module). Findings
/// are added to `diags` with file:line:column and a key path such as
/// resource.google_sql_database_instance.this.settings.tier; syntax errors
/// too. Counts are added to `stats`.
void check_terraform_dir(const std::string& dir, const ProviderSchema& schema, config::Diagnostics& diags,
                         CheckStats& stats);

}  // namespace stackctl::terraform
