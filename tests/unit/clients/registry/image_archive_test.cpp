// Deterministic layer gzip, the OCI manifest, and preparing blobs from
// synthetic `docker save` tars (the 20.10 <id>/layer.tar layout and the OCI
// layout with symlinks): same image, same digests, in any work folder.
#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <sstream>

#include "clients/engine/build_context.hpp"
#include "clients/registry/digest.hpp"
#include "clients/registry/image_archive.hpp"
#include "clients/registry/layer_gzip.hpp"
#include "clients/registry/oci_manifest.hpp"
#include "temp_dir.hpp"

using namespace stackctl::registry;
using stackctl::engine::make_tar;
using stackctl::engine::TarFile;
using stackctl::testing::TempDir;

namespace {

std::string gunzip(const std::string& gz) {
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_raw(a);
  REQUIRE(archive_read_open_memory(a, gz.data(), gz.size()) == ARCHIVE_OK);
  archive_entry* e;
  REQUIRE(archive_read_next_header(a, &e) == ARCHIVE_OK);
  std::string out;
  char buf[4096];
  for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  archive_read_free(a);
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kDigestA = "sha256:" + std::string(64, 'a');
const std::string kDigestB = "sha256:" + std::string(64, 'b');

}  // namespace

TEST_CASE("gzip is deterministic: no timestamp, no name, nothing after the trailer") {
  std::string input;
  for (int i = 0; i < 20000; ++i) input += "line " + std::to_string(i) + "\n";
  const std::string a = gzip_bytes(input), b = gzip_bytes(input);
  CHECK(a == b);
  REQUIRE(a.size() > 18);
  CHECK(static_cast<unsigned char>(a[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(a[1]) == 0x8b);
  CHECK((static_cast<unsigned char>(a[3]) & 0x08) == 0);  // FNAME unset
  CHECK(a.substr(4, 4) == std::string(4, '\0'));          // MTIME zero
  CHECK(gunzip(a) == input);
  // The gzip trailer's ISIZE is the last 4 bytes: no padding follows.
  const auto isize = static_cast<uint32_t>(static_cast<unsigned char>(a[a.size() - 4])) |
                     static_cast<uint32_t>(static_cast<unsigned char>(a[a.size() - 3])) << 8 |
                     static_cast<uint32_t>(static_cast<unsigned char>(a[a.size() - 2])) << 16 |
                     static_cast<uint32_t>(static_cast<unsigned char>(a[a.size() - 1])) << 24;
  CHECK(isize == input.size());
  CHECK(gzip_bytes("") == gzip_bytes(""));
  CHECK(gzip_bytes("").size() == 20);  // header 10, empty deflate block 2, trailer 8
}

TEST_CASE("the manifest: fixed bytes for fixed descriptors") {
  const Descriptor config{kOciConfigType, kDigestA, 12};
  const std::vector<Descriptor> layers = {{kOciLayerGzipType, kDigestB, 34}};
  const std::string m = build_manifest(config, layers);
  CHECK(m == build_manifest(config, layers));
  CHECK(m == R"({"config":{"digest":")" + kDigestA +
                 R"(","mediaType":"application/vnd.oci.image.config.v1+json","size":12},"layers":[{"digest":")" +
                 kDigestB +
                 R"(","mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":34}],)"
                 R"("mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2})");
  CHECK_THROWS_AS(build_manifest({kOciConfigType, "sha256:xyz", 1}, {}), std::invalid_argument);
  CHECK_THROWS_AS(build_manifest(config, {{kOciLayerGzipType, "md5:00", 1}}), std::invalid_argument);
}

TEST_CASE("digests") {
  CHECK(sha256_digest("") == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(is_sha256_digest(sha256_digest("x")));
  CHECK_FALSE(is_sha256_digest("sha256:ABC"));
}

TEST_CASE("a Docker 20.10 save: config, layers (one repeated), same digests in two work folders") {
  const std::string base = make_tar({{"etc/base.txt", "base\n"}});
  const std::string app = make_tar({{"app/run.sh", "#!/bin/sh\necho hi\n", 0755}});
  const std::string config = R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers"}})";
  const std::string manifest =
      R"([{"Config":"c0ffee.json","RepoTags":["x:1"],"Layers":["l1/layer.tar","l2/layer.tar","l1/layer.tar"]}])";
  TempDir dir;
  {
    std::ofstream(dir.path / "saved.tar", std::ios::binary)
        << make_tar({{"l1/layer.tar", base}, {"l2/layer.tar", app}, {"c0ffee.json", config}, {"manifest.json", manifest}});
  }
  const auto layout = read_saved_layout(dir.path / "saved.tar");
  CHECK(layout.config_path == "c0ffee.json");
  CHECK(layout.layer_paths == std::vector<std::string>{"l1/layer.tar", "l2/layer.tar", "l1/layer.tar"});
  CHECK(layout.repo_tags == std::vector<std::string>{"x:1"});

  std::filesystem::create_directories(dir.path / "w1");
  std::filesystem::create_directories(dir.path / "w2");
  size_t compressed = 0;
  const auto one = prepare_image(dir.path / "saved.tar", dir.path / "w1", [&](size_t, size_t) { ++compressed; });
  const auto two = prepare_image(dir.path / "saved.tar", dir.path / "w2");
  CHECK(compressed == 2);
  CHECK(one.manifest == two.manifest);
  CHECK(one.manifest_digest == sha256_digest(one.manifest));
  CHECK(one.config.descriptor.digest == sha256_digest(config));
  CHECK(one.config.descriptor.size == config.size());
  CHECK(slurp(one.config.file) == config);
  REQUIRE(one.layers.size() == 3);
  CHECK(one.layers[0].descriptor.digest == one.layers[2].descriptor.digest);
  for (const auto& layer : one.layers) {
    const std::string gz = slurp(layer.file);
    CHECK(layer.descriptor.digest == sha256_digest(gz));
    CHECK(layer.descriptor.size == gz.size());
    CHECK(layer.descriptor.media_type == std::string(kOciLayerGzipType));
  }
  CHECK(gunzip(slurp(one.layers[1].file)) == app);
  CHECK(one.manifest.find(one.layers[1].descriptor.digest) != std::string::npos);
}

TEST_CASE("an OCI-layout save: blobs/sha256 paths, symlinked legacy folders, a layer already gzip") {
  const std::string layer = make_tar({{"a.txt", "a\n"}});
  const std::string gz_layer = gzip_bytes(make_tar({{"b.txt", "b\n"}}));
  const std::string config = R"({"os":"linux"})";
  const std::string manifest = R"([{"Config":"blobs/sha256/cfg","Layers":["legacy/layer.tar","blobs/sha256/l2"]}])";
  TempDir dir;
  // make_tar has no symlinks: write this one with libarchive directly.
  {
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    REQUIRE(archive_write_open_filename(a, (dir.path / "saved.tar").c_str()) == ARCHIVE_OK);
    auto add = [&](const std::string& path, const std::string& content, const char* link) {
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, path.c_str());
      archive_entry_set_perm(e, 0644);
      if (link) {
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, link);
      } else {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
      }
      archive_write_header(a, e);
      if (!link) archive_write_data(a, content.data(), content.size());
      archive_entry_free(e);
    };
    add("blobs/sha256/l1", layer, nullptr);
    add("blobs/sha256/l2", gz_layer, nullptr);
    add("blobs/sha256/cfg", config, nullptr);
    add("legacy/layer.tar", "", "../blobs/sha256/l1");
    add("manifest.json", manifest, nullptr);
    archive_write_close(a);
    archive_write_free(a);
  }
  const auto layout = read_saved_layout(dir.path / "saved.tar");
  CHECK(layout.layer_paths == std::vector<std::string>{"blobs/sha256/l1", "blobs/sha256/l2"});
  const auto image = prepare_image(dir.path / "saved.tar", dir.path);
  REQUIRE(image.layers.size() == 2);
  CHECK(gunzip(slurp(image.layers[0].file)) == layer);
  CHECK(slurp(image.layers[1].file) == gz_layer);  // kept as it was
  CHECK(image.layers[1].descriptor.digest == sha256_digest(gz_layer));
  CHECK(image.config.descriptor.digest == sha256_digest(config));
}

TEST_CASE("unusable saves are refused clearly") {
  TempDir dir;
  std::ofstream(dir.path / "none.tar", std::ios::binary) << make_tar({{"x", "y"}});
  CHECK_THROWS_WITH_AS(read_saved_layout(dir.path / "none.tar"), doctest::Contains("no manifest.json"),
                       std::runtime_error);
  std::ofstream(dir.path / "missing.tar", std::ios::binary)
      << make_tar({{"manifest.json", R"([{"Config":"c.json","Layers":["l/layer.tar"]}])"}, {"c.json", "{}"}});
  CHECK_THROWS_WITH_AS(prepare_image(dir.path / "missing.tar", dir.path), doctest::Contains("no layer l/layer.tar"),
                       std::runtime_error);
  CHECK_THROWS_AS(read_saved_layout(dir.path / "absent.tar"), std::runtime_error);
}
