// The release a rollback returns to, shared by every target: `to`, or the
// one before the latest when `to` is 0, with a clear error when there is none.
#pragma once

#include <string>

#include "releases/release_store.hpp"

namespace stackctl::releases {

/// Throws std::runtime_error naming `instance` (and `stackctl history ENV`)
/// when the store holds no such release.
Release rollback_release(ReleaseStore& store, const std::string& instance, int to, const std::string& env_name);

}  // namespace stackctl::releases
