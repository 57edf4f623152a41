// The hand-written Terraform modules of a project (terraform/modules/), as
// loaded by config/ and copied by render/ beside a root module.
#pragma once

#include <map>
#include <string>

namespace stackctl::model {

/// Module files by path relative to terraform/modules/ (e.g. "gcp/network/main.tf").
using ModuleFiles = std::map<std::string, std::string>;

}  // namespace stackctl::model
