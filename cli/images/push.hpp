// Pushing a locally built image (engine::Engine) to a registry (Artifact
// Registry, ECR, any OCI distribution registry): `docker save` through the
// Engine API into a temp folder, blobs gzip-compressed deterministically, each
// blob uploaded unless the registry has it, then the OCI manifest under the
// tag. The result names the image by digest, for deploying.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "clients/engine/engine.hpp"
#include "clients/registry/target.hpp"

namespace stackctl::images {

struct PushResult {
  std::string reference;  // "HOST/REPOSITORY@sha256:..."
  std::string digest;     // "sha256:..." of the manifest
  size_t blobs_uploaded = 0;
  size_t blobs_skipped = 0;  // already in the registry
  uint64_t bytes_uploaded = 0;
};

struct PushEvent {
  enum class Kind {
    exporting,        // docker save of the local image
    compressing,      // layer `index` of `count`
    blob_exists,      // digest, size: skipped
    blob_uploading,   // digest, size
    blob_uploaded,    // digest, size
    manifest_pushed,  // digest
  };
  Kind kind;
  std::string digest;
  uint64_t size = 0;
  size_t index = 0, count = 0;
};

using PushProgress = std::function<void(const PushEvent&)>;

/// Pushes `local_image` (a name[:tag] or ID the engine knows) to
/// target.host/target.repository:target.tag. Throws RegistryError (registry
/// refusals and connection failures, with the HTTP status), engine::EngineError
/// (the image is unknown to the engine), std::invalid_argument (a bad target),
/// std::runtime_error (an unreadable saved image). Temp files are removed.
PushResult push_image(const engine::Engine& engine, const std::string& local_image, const registry::RegistryTarget& target,
                      const PushProgress& progress = {});

}  // namespace stackctl::images
