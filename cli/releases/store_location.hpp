// Where a project's release store lives and how a deploy opens it: the bare
// repository $STACKCTL_RELEASE_STORE, else <root>/.stackctl/releases.git,
// shared through $STACKCTL_RELEASE_REMOTE when set (docs/releases.md).
#pragma once

#include <filesystem>
#include <string>

#include "releases/release_store.hpp"

namespace stackctl::releases {

std::filesystem::path release_store_path(const std::filesystem::path& project_root);

/// The project's store (a cache of the team remote when one is set).
ReleaseStore open_project_store(const std::filesystem::path& project_root);

/// Before a deploy: the store's remote (if any) reachable, writable and
/// pulled for `instance`, so the release can be recorded after it.
void prepare_for_deploy(ReleaseStore& store, const std::string& instance);

/// The store, with its remote (if any) reachable, writable and pulled for
/// `instance`: checked before a deploy so the release can be recorded after it.
ReleaseStore open_store_for_deploy(const std::filesystem::path& project_root, const std::string& instance);

}  // namespace stackctl::releases
