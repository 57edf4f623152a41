#include "clients/engine/build_context.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

namespace fs = std::filesystem;

namespace stackctl::engine {
namespace {

enum class Kind { dir, file, symlink, memory };

struct Source {
  Source(Kind k = Kind::dir, fs::path p = {}) : kind(k), path(std::move(p)) {}
  static Source memory(std::string content, int mode, int uid = 0, int gid = 0) {
    Source s(Kind::memory);
    s.content = std::move(content);
    s.mode = mode;
    s.uid = uid;
    s.gid = gid;
    return s;
  }
  Kind kind;
  fs::path path;
  std::string content;   // Kind::memory
  int mode = 0644;       // Kind::memory
  int uid = 0, gid = 0;  // Kind::memory
};

using Entries = std::map<std::string, Source>;  // path in the archive (no trailing "/") -> source

bool skipped_dir(const std::string& name) { return name == ".git" || name.starts_with("build"); }

std::string checked_relative(const std::string& input) {
  const fs::path p = fs::path(input).lexically_normal();
  if (p.is_absolute()) throw std::invalid_argument("build input must be relative to the project root: " + input);
  for (const auto& part : p)
    if (part == "..") throw std::invalid_argument("build input leaves the project root: " + input);
  std::string s = p.generic_string();
  while (s.ends_with('/')) s.pop_back();
  return s == "." ? "" : s;
}

void add_parents(Entries& entries, const std::string& rel) {
  for (fs::path p = fs::path(rel).parent_path(); !p.empty(); p = p.parent_path())
    entries.try_emplace(p.generic_string(), Source{Kind::dir, {}});
}

void add_tree(Entries& entries, const fs::path& root, const std::string& rel) {
  const fs::path top = root / rel;
  const auto status = fs::symlink_status(top);
  if (fs::is_symlink(status)) {
    entries[rel] = {Kind::symlink, top};
  } else if (fs::is_regular_file(status)) {
    entries[rel] = {Kind::file, top};
  } else if (fs::is_directory(status)) {
    if (!rel.empty()) entries[rel] = {Kind::dir, top};
    for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator(); ++it) {
      const auto st = it->symlink_status();
      const std::string name = it->path().filename().string();
      const std::string path = fs::relative(it->path(), root).generic_string();
      if (fs::is_directory(st)) {
        if (skipped_dir(name)) {
          it.disable_recursion_pending();
          continue;
        }
        entries[path] = {Kind::dir, it->path()};
      } else if (name == ".git") {
        continue;  // a worktree's .git file
      } else if (fs::is_symlink(st)) {
        entries[path] = {Kind::symlink, it->path()};
      } else if (fs::is_regular_file(st)) {
        entries[path] = {Kind::file, it->path()};
      }
    }
  } else {
    throw std::runtime_error("build input not found: " + (root / rel).string());
  }
  if (!rel.empty()) add_parents(entries, rel);
}

la_ssize_t append_to_string(struct archive*, void* user, const void* data, size_t size) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

struct ArchiveDeleter {
  void operator()(struct archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

void check(struct archive* a, int rc) {
  if (rc < ARCHIVE_OK) throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a));
}

void write_entry(struct archive* a, const std::string& name, const Source& src) {
  std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
  archive_entry_set_pathname(e.get(), src.kind == Kind::dir ? (name + "/").c_str() : name.c_str());
  archive_entry_set_mtime(e.get(), 0, 0);
  archive_entry_set_uid(e.get(), src.uid);
  archive_entry_set_gid(e.get(), src.gid);
  std::string content;
  if (src.kind == Kind::dir) {
    archive_entry_set_filetype(e.get(), AE_IFDIR);
    archive_entry_set_perm(e.get(), 0755);
  } else if (src.kind == Kind::symlink) {
    archive_entry_set_filetype(e.get(), AE_IFLNK);
    archive_entry_set_perm(e.get(), 0777);
    archive_entry_set_symlink(e.get(), fs::read_symlink(src.path).generic_string().c_str());
  } else if (src.kind == Kind::memory) {
    content = src.content;
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), static_cast<mode_t>(src.mode));
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(content.size()));
  } else {
    std::ifstream in(src.path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read build input: " + src.path.string());
    content.assign(std::istreambuf_iterator<char>(in), {});
    const bool exec = (fs::status(src.path).permissions() & fs::perms::owner_exec) != fs::perms::none;
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), exec ? 0755 : 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(content.size()));
  }
  check(a, archive_write_header(a, e.get()));
  if (!content.empty() && archive_write_data(a, content.data(), content.size()) < 0)
    throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a));
}

std::string write_tar(const Entries& entries) {
  std::string tar;
  std::unique_ptr<struct archive, ArchiveDeleter> a(archive_write_new());
  check(a.get(), archive_write_set_format_pax_restricted(a.get()));
  check(a.get(), archive_write_add_filter_none(a.get()));
  check(a.get(), archive_write_open(a.get(), &tar, nullptr, append_to_string, nullptr));
  for (const auto& [name, src] : entries) write_entry(a.get(), name, src);
  check(a.get(), archive_write_close(a.get()));
  return tar;
}

}  // namespace

std::string make_tar(const std::vector<TarFile>& files) {
  Entries entries;
  for (const auto& f : files) {
    const std::string rel = checked_relative(f.path);
    if (rel.empty()) throw std::invalid_argument("tar entry without a name");
    entries[rel] = Source::memory(f.content, f.mode, f.uid, f.gid);
    add_parents(entries, rel);
  }
  return write_tar(entries);
}

std::optional<std::string> first_file_in_tar(const std::string& tar) {
  std::unique_ptr<struct archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), tar.data(), tar.size()) != ARCHIVE_OK)
    throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a.get()));
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::string content;
    char buffer[8192];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0) content.append(buffer, static_cast<size_t>(n));
    if (n < 0) throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a.get()));
    return content;
  }
  if (rc != ARCHIVE_EOF) throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a.get()));
  return std::nullopt;
}

BuildContext make_build_context(const fs::path& root, const std::vector<std::string>& inputs,
                                const std::string& dockerfile) {
  Entries entries;
  for (const auto& input : inputs) add_tree(entries, root, checked_relative(input));
  BuildContext context;
  context.dockerfile = checked_relative(dockerfile);
  if (context.dockerfile.empty() || !fs::is_regular_file(root / context.dockerfile))
    throw std::runtime_error("Dockerfile not found: " + (root / dockerfile).string());
  entries[context.dockerfile] = {Kind::file, root / context.dockerfile};
  add_parents(entries, context.dockerfile);

  context.tar = write_tar(entries);
  for (const auto& [name, src] : entries) context.entries.push_back(src.kind == Kind::dir ? name + "/" : name);
  return context;
}

void write_build_context(const BuildContext& context, const fs::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(context.tar.data(), static_cast<std::streamsize>(context.tar.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace stackctl::engine
