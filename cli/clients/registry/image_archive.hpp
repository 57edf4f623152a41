// Reads a `docker save` tar (Docker 20.10's <id>/layer.tar layout and the
// OCI-layout saves of newer engines alike: both have manifest.json) and
// prepares the image's blobs for a push: the config as is, each layer
// gzip-compressed deterministically (or kept when already gzip) into a work
// folder, with digests, sizes and the OCI manifest built from them. The tar
// is read twice, never held in memory.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "clients/registry/oci_manifest.hpp"

namespace stackctl::registry {

/// Where the config and layers are inside the saved tar (from manifest.json,
/// symlinks resolved).
struct SavedImageLayout {
  std::string config_path;               // "<id>.json" or "blobs/sha256/<hex>"
  std::vector<std::string> layer_paths;  // in order, base layer first
  std::vector<std::string> repo_tags;
};

struct PreparedBlob {
  Descriptor descriptor;
  std::filesystem::path file;  // its bytes, in the work folder
};

struct PreparedImage {
  PreparedBlob config;
  std::vector<PreparedBlob> layers;  // as in the manifest (a repeated layer appears twice)
  std::string manifest;              // the OCI manifest's bytes
  std::string manifest_digest;       // sha256 of `manifest`
};

/// Throws std::runtime_error for a tar that is unreadable or has no usable manifest.json.
SavedImageLayout read_saved_layout(const std::filesystem::path& saved_tar);

/// `on_layer(index, count)` is called before each layer is compressed.
PreparedImage prepare_image(const std::filesystem::path& saved_tar, const std::filesystem::path& work_dir,
                            const std::function<void(size_t, size_t)>& on_layer = {});

}  // namespace stackctl::registry
