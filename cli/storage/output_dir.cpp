#include "storage/output_dir.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace stackctl::storage {
namespace {

const char* kMarker = ".stackctl-render";

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

void replace_output_dir(const fs::path& dir, const std::vector<OutputFile>& files) {
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw std::runtime_error("--out " + dir.string() + " exists and is not a folder");
  if (fs::exists(dir) && !fs::is_empty(dir) && !fs::exists(dir / kMarker))
    throw std::runtime_error("refusing to replace " + dir.string() +
                             ": it is not empty and was not written by stackctl render (no " + kMarker +
                             " file); choose an empty or new folder");
  for (const auto& f : files) {
    fs::path rel(f.path);
    if (rel.is_absolute() || rel.lexically_normal().string().rfind("..", 0) == 0)
      throw std::runtime_error("refusing to write outside the output folder: " + f.path);
  }
  const fs::path target = fs::absolute(dir).lexically_normal();
  const std::string suffix = std::to_string(getpid());
  const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".new-" + suffix);
  const fs::path old = target.parent_path() / ("." + target.filename().string() + ".old-" + suffix);
  fs::remove_all(staging, ec);
  try {
    fs::create_directories(staging);
    for (const auto& f : files) write_file(staging / f.path, f.content);
    write_file(staging / kMarker, "This folder is written by `stackctl render --out`; it is replaced whole.\n");
    if (fs::exists(target)) fs::rename(target, old);
    fs::rename(staging, target);
  } catch (...) {
    fs::remove_all(staging, ec);
    if (!fs::exists(target) && fs::exists(old)) fs::rename(old, target, ec);
    throw;
  }
  fs::remove_all(old, ec);
}

}  // namespace stackctl::storage
