// docker-save tar reading (libarchive) and blob preparation.
#include "clients/registry/image_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "clients/registry/digest.hpp"
#include "clients/registry/layer_gzip.hpp"

namespace stackctl::registry {
namespace {

using Archive = std::unique_ptr<archive, int (*)(archive*)>;

Archive open_tar(const std::filesystem::path& file) {
  Archive a(archive_read_new(), &archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_all(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK)
    throw std::runtime_error("cannot read the saved image " + file.string() + ": " + archive_error_string(a.get()));
  return a;
}

std::string normalise(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().generic_string();
  while (p.starts_with("./")) p.erase(0, 2);
  while (p.ends_with("/")) p.pop_back();
  return p;
}

[[noreturn]] void read_error(archive* a, const std::filesystem::path& file) {
  throw std::runtime_error("reading the saved image " + file.string() + " failed: " +
                           (archive_error_string(a) ? archive_error_string(a) : "unknown error"));
}

/// Calls `chunk` with each block of the current entry's data.
void for_each_block(archive* a, const std::filesystem::path& file, const std::function<void(std::string_view)>& chunk) {
  std::string buffer(1 << 16, '\0');
  while (true) {
    const la_ssize_t n = archive_read_data(a, buffer.data(), buffer.size());
    if (n < 0) read_error(a, file);
    if (n == 0) return;
    chunk(std::string_view(buffer.data(), static_cast<size_t>(n)));
  }
}

std::string read_entry(archive* a, const std::filesystem::path& file, size_t limit) {
  std::string out;
  for_each_block(a, file, [&](std::string_view block) {
    out.append(block);
    if (out.size() > limit) throw std::runtime_error("an entry of " + file.string() + " is unexpectedly large");
  });
  return out;
}

std::string resolve(const std::map<std::string, std::string>& links, std::string path) {
  for (int hops = 0; hops < 16; ++hops) {
    const auto it = links.find(path);
    if (it == links.end()) return path;
    path = it->second;
  }
  throw std::runtime_error("symlink loop at " + path + " in the saved image");
}

}  // namespace

SavedImageLayout read_saved_layout(const std::filesystem::path& saved_tar) {
  Archive a = open_tar(saved_tar);
  std::map<std::string, std::string> links;  // symlink -> target, both normalised
  std::string manifest_text;
  bool have_manifest = false;
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const std::string path = normalise(archive_entry_pathname(entry));
    if (archive_entry_filetype(entry) == AE_IFLNK && archive_entry_symlink(entry)) {
      const std::string target = archive_entry_symlink(entry);
      const auto parent = std::filesystem::path(path).parent_path();
      links[path] = normalise(target.starts_with("/") ? target.substr(1) : (parent / target).generic_string());
    } else if (path == "manifest.json" && archive_entry_filetype(entry) == AE_IFREG) {
      manifest_text = read_entry(a.get(), saved_tar, 16 << 20);
      have_manifest = true;
    }
  }
  if (rc != ARCHIVE_EOF) read_error(a.get(), saved_tar);
  if (!have_manifest) throw std::runtime_error("the saved image " + saved_tar.string() + " has no manifest.json");

  const auto j = nlohmann::json::parse(manifest_text, nullptr, false);
  if (!j.is_array() || j.empty() || !j[0].is_object() || !j[0].contains("Config") || !j[0]["Config"].is_string() ||
      !j[0].contains("Layers") || !j[0]["Layers"].is_array())
    throw std::runtime_error("the manifest.json of " + saved_tar.string() + " is not a docker save manifest");
  SavedImageLayout layout;
  layout.config_path = resolve(links, normalise(j[0]["Config"].get<std::string>()));
  for (const auto& layer : j[0]["Layers"]) {
    if (!layer.is_string()) throw std::runtime_error("manifest.json: a layer path is not a string");
    layout.layer_paths.push_back(resolve(links, normalise(layer.get<std::string>())));
  }
  if (j[0].contains("RepoTags") && j[0]["RepoTags"].is_array())
    for (const auto& t : j[0]["RepoTags"])
      if (t.is_string()) layout.repo_tags.push_back(t.get<std::string>());
  return layout;
}

PreparedImage prepare_image(const std::filesystem::path& saved_tar, const std::filesystem::path& work_dir,
                            const std::function<void(size_t, size_t)>& on_layer) {
  const SavedImageLayout layout = read_saved_layout(saved_tar);
  std::map<std::string, std::vector<size_t>> wanted;  // layer path -> indexes in the manifest
  for (size_t i = 0; i < layout.layer_paths.size(); ++i) wanted[layout.layer_paths[i]].push_back(i);

  PreparedImage image;
  image.layers.resize(layout.layer_paths.size());
  std::vector<bool> found(layout.layer_paths.size(), false);
  bool have_config = false;
  size_t done = 0;

  Archive a = open_tar(saved_tar);
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string path = normalise(archive_entry_pathname(entry));
    if (path == layout.config_path && !have_config) {
      const std::string config = read_entry(a.get(), saved_tar, 16 << 20);
      image.config.descriptor = {kOciConfigType, sha256_digest(config), config.size()};
      image.config.file = work_dir / "config.json";
      std::ofstream(image.config.file, std::ios::binary) << config;
      have_config = true;
    }
    const auto it = wanted.find(path);
    if (it == wanted.end() || found[it->second.front()]) continue;
    if (on_layer) on_layer(done, wanted.size());
    PreparedBlob blob;
    blob.file = work_dir / ("layer-" + std::to_string(it->second.front()) + ".tar.gz");
    // Already gzip (an engine that saves compressed layers): keep the bytes.
    bool first = true, raw_gzip = false;
    std::unique_ptr<FILE, int (*)(FILE*)> raw(nullptr, &std::fclose);
    Sha256 raw_hash;
    uint64_t raw_size = 0;
    const WrittenBlob written = gzip_to_file(blob.file, [&](const std::function<void(std::string_view)>& write) {
      for_each_block(a.get(), saved_tar, [&](std::string_view block) {
        if (first) {
          first = false;
          raw_gzip = block.size() >= 2 && static_cast<unsigned char>(block[0]) == 0x1f &&
                     static_cast<unsigned char>(block[1]) == 0x8b;
          if (raw_gzip) {
            raw.reset(std::fopen((blob.file.string() + ".raw").c_str(), "wb"));
            if (!raw) throw std::runtime_error("cannot write " + blob.file.string() + ".raw");
          }
        }
        if (raw_gzip) {
          if (std::fwrite(block.data(), 1, block.size(), raw.get()) != block.size())
            throw std::runtime_error("writing " + blob.file.string() + ".raw failed");
          raw_hash.update(block);
          raw_size += block.size();
        } else {
          write(block);
        }
      });
    });
    if (raw_gzip) {
      raw.reset();
      std::filesystem::rename(blob.file.string() + ".raw", blob.file);
      blob.descriptor = {kOciLayerGzipType, raw_hash.finish(), raw_size};
    } else {
      blob.descriptor = {kOciLayerGzipType, written.digest, written.size};
    }
    for (size_t index : it->second) {
      image.layers[index] = blob;
      found[index] = true;
    }
    ++done;
  }
  if (rc != ARCHIVE_EOF) read_error(a.get(), saved_tar);
  if (!have_config) throw std::runtime_error("the saved image has no config " + layout.config_path);
  for (size_t i = 0; i < found.size(); ++i)
    if (!found[i]) throw std::runtime_error("the saved image has no layer " + layout.layer_paths[i]);

  std::vector<Descriptor> layers;
  for (const auto& l : image.layers) layers.push_back(l.descriptor);
  image.manifest = build_manifest(image.config.descriptor, layers);
  image.manifest_digest = sha256_digest(image.manifest);
  return image;
}

}  // namespace stackctl::registry
