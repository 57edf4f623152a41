// The private files the drivers hand to tools (kubeconfigs): the parent
// folder made (0700 when we create it), the file created empty if missing and
// kept at mode 0600, so credentials written into it are never world-readable.
#pragma once

#include <filesystem>

namespace stackctl::clients {

/// Makes `path` an existing regular file with mode 0600 (its parent folders
/// created 0700). Throws std::system_error on failure.
void prepare_private_file(const std::filesystem::path& path);

}  // namespace stackctl::clients
