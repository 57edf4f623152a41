// Image references for the services stackctl builds: the repository follows
// the target's registry and the tag is a content hash of the build inputs,
// so an unchanged service keeps its tag (and is not rebuilt or redeployed).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "model/environment.hpp"

namespace stackctl::images {

/// BLAKE2b over the Dockerfile, every file under the build inputs (sorted,
/// path and content) and the build args; the first 16 hex digits. Missing
/// inputs are hashed by name (building reports them, rendering does not).
std::string content_hash(const std::filesystem::path& root, const model::Build& build);

/// "<registry>/<stack>/<service>" for the environment's target; on a kubernetes
/// target "<target.registry>/<service>", or "<stack>/<service>" without one.
std::string image_repository(const model::Environment& env, const std::string& service);

/// Service name -> image reference, for every service that is built here.
std::map<std::string, std::string> image_references(const std::filesystem::path& root, const model::Environment& env);

}  // namespace stackctl::images
