// push_image: export, prepare, upload, manifest.
#include "images/push.hpp"

#include <stdlib.h>

#include <set>

#include "clients/registry/image_archive.hpp"
#include "clients/registry/registry_client.hpp"

namespace stackctl::images {
using namespace stackctl::registry;
namespace {

struct WorkDir {
  std::filesystem::path path;
  WorkDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stackctl-push-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temp folder under " + tmpl);
    path = tmpl;
  }
  ~WorkDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
};

}  // namespace

PushResult push_image(const engine::Engine& engine, const std::string& local_image, const registry::RegistryTarget& target,
                      const PushProgress& progress) {
  const auto report = [&](PushEvent e) {
    if (progress) progress(e);
  };
  RegistryClient client(target);  // validates the target before any work
  client.ping();                  // wrong credentials fail here, before the export

  WorkDir work;
  report({PushEvent::Kind::exporting, {}, 0, 0, 0});
  const auto saved = work.path / "image.tar";
  engine.save_image(local_image, saved);
  const PreparedImage image = prepare_image(saved, work.path, [&](size_t index, size_t count) {
    report({PushEvent::Kind::compressing, {}, 0, index, count});
  });
  std::filesystem::remove(saved);

  PushResult result;
  std::set<std::string> seen;
  auto push_blob = [&](const PreparedBlob& blob) {
    const auto& d = blob.descriptor;
    if (!seen.insert(d.digest).second) return;
    if (client.blob_exists(d.digest)) {
      ++result.blobs_skipped;
      report({PushEvent::Kind::blob_exists, d.digest, d.size, 0, 0});
      return;
    }
    report({PushEvent::Kind::blob_uploading, d.digest, d.size, 0, 0});
    client.upload_blob(d.digest, blob.file);
    ++result.blobs_uploaded;
    result.bytes_uploaded += d.size;
    report({PushEvent::Kind::blob_uploaded, d.digest, d.size, 0, 0});
  };
  for (const auto& layer : image.layers) push_blob(layer);
  push_blob(image.config);  // after the layers, as the manifest refers to all of them

  result.digest = client.put_manifest(target.tag, image.manifest, kOciManifestType);
  result.reference = target.host + "/" + target.repository + "@" + result.digest;
  report({PushEvent::Kind::manifest_pushed, result.digest, image.manifest.size(), 0, 0});
  return result;
}

}  // namespace stackctl::images
