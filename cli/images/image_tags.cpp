#include "images/image_tags.hpp"

#include "images/digest.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace stackctl::images {
namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string content_hash(const fs::path& root, const model::Build& build) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::vector<std::string> inputs = build.inputs;
  if (inputs.empty()) inputs.push_back(fs::path(build.dockerfile).parent_path().string());
  inputs.push_back(build.dockerfile);
  std::vector<fs::path> files;
  std::vector<std::string> missing;
  for (const auto& input : inputs) {
    const fs::path p = root / input;
    std::error_code ec;
    if (fs::is_regular_file(p)) {
      files.push_back(fs::path(input).lexically_normal());
    } else if (fs::is_directory(p)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); it != fs::recursive_directory_iterator(); ++it)
        if (it->is_regular_file()) files.push_back(fs::relative(it->path(), root).lexically_normal());
    } else {
      missing.push_back(input);  // the build reports it; the tag still changes when it appears
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  Hasher h;
  for (const auto& f : files) {
    h.add(f.generic_string());
    h.add(read_all(root / f));
  }
  for (const auto& m : missing) h.add("missing:" + m);
  h.add(build.context);
  for (const auto& [k, v] : build.args) h.add(k + "=" + v);
  return h.hex(16);
}

std::string image_repository(const model::Environment& env, const std::string& service) {
  const auto& t = env.target;
  switch (t.kind) {
    case model::TargetKind::gcp:
      return t.region + "-docker.pkg.dev/" + t.project + "/" + env.stack + "/" + service;
    case model::TargetKind::aws:
      if (!t.account.empty()) return t.account + ".dkr.ecr." + t.region + ".amazonaws.com/" + env.stack + "/" + service;
      return env.stack + "/" + service;
    case model::TargetKind::kubernetes:
      if (!t.registry.empty()) return t.registry + "/" + service;
      return env.stack + "/" + service;
    case model::TargetKind::docker:
      return env.stack + "/" + service;
  }
  return service;
}

std::map<std::string, std::string> image_references(const fs::path& root, const model::Environment& env) {
  std::map<std::string, std::string> out;
  for (const auto& svc : env.services)
    if (svc.image.empty() && svc.build)
      out[svc.name] = image_repository(env, svc.name) + ":" + content_hash(root, *svc.build);
  return out;
}

}  // namespace stackctl::images
