// The hand-written Terraform modules under terraform/modules/ of the project,
// read for the render to copy beside the root module it writes.
#pragma once

#include <filesystem>

#include "model/module_files.hpp"

namespace stackctl::config {

/// Every regular file under <root>/terraform/modules/, by path relative to
/// that folder ("gcp/network/main.tf"). Missing folder: empty. Unreadable
/// files throw std::runtime_error naming them.
model::ModuleFiles load_terraform_modules(const std::filesystem::path& root);

}  // namespace stackctl::config
