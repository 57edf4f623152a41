// The images an environment runs on a Docker Engine: the services' images,
// built when their content-hash tag is missing; the dependencies' images,
// pulled when missing; and the relay image, built from the relay binary.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "clients/engine/engine.hpp"
#include "model/environment.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::targets::docker {

struct BuildEvents {
  /// A service's build starts (`cached` false) or its image already exists.
  std::function<void(const std::string& service, const std::string& tag, bool cached)> on_start;
  /// A line of build output.
  std::function<void(const std::string& service, const std::string& line)> on_line;
  /// Done: the image ID, and the build time (0 when cached).
  std::function<void(const std::string& service, const std::string& id, double seconds)> on_done;
};

/// Builds what is missing (two builds at a time) and returns every image by
/// ID, so a plan references images by digest. The git commit goes in as a
/// label. Throws std::runtime_error naming the service on a failed build.
Images ensure_images(const stackctl::engine::Engine& engine, const std::filesystem::path& root,
                     const model::Environment& env, const std::string& source_commit, const BuildEvents& events);

/// Pulls the images of the plan's dependency containers that the daemon
/// lacks; the error says how to point a dependency at another image.
void ensure_pulled(const stackctl::engine::Engine& engine, const Plan& plan,
                   const std::function<void(const std::string& image)>& on_pull);

}  // namespace stackctl::targets::docker
