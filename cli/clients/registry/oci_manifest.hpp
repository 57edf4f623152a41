// The OCI image manifest of a pushed image: the config descriptor and the
// gzip layer descriptors, serialised deterministically (same descriptors,
// same bytes, same digest).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stackctl::registry {

inline constexpr const char* kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciConfigType = "application/vnd.oci.image.config.v1+json";
inline constexpr const char* kOciLayerGzipType = "application/vnd.oci.image.layer.v1.tar+gzip";

struct Descriptor {
  std::string media_type;
  std::string digest;  // "sha256:..."
  uint64_t size = 0;
};

/// The manifest's bytes: compact JSON, keys sorted. Throws std::invalid_argument
/// for a descriptor without a valid sha256 digest.
std::string build_manifest(const Descriptor& config, const std::vector<Descriptor>& layers);

}  // namespace stackctl::registry
