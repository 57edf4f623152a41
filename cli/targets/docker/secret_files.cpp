#include "targets/docker/secret_files.hpp"

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "clients/engine/build_context.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace fs = std::filesystem;
namespace {

constexpr const char* shm_root = "/dev/shm/stackctl";

bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

/// The colon-separated fields of the line of `table` whose first field
/// (by_id: third field) is `key`; empty when there is none.
std::vector<std::string> table_row(const std::string& table, const std::string& key, bool by_id) {
  std::istringstream in(table);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream row(line);
    std::string f;
    while (std::getline(row, f, ':')) fields.push_back(f);
    if (fields.size() < 3) continue;
    if ((by_id ? fields[2] : fields[0]) == key) return fields;
  }
  return {};
}

std::string file_of(const sd::Engine& engine, const std::string& id, const std::string& path) {
  const auto tar = engine.get_archive(id, path);
  if (!tar) return "";
  return sd::first_file_in_tar(*tar).value_or("");
}

}  // namespace

std::string secrets_host_dir(const std::string& prefix, const std::string& container_name) {
  return std::string(shm_root) + "/" + prefix + "/" + container_name;
}

void add_secrets_mount(sd::ContainerSpec& spec, const std::string& prefix, const std::vector<SecretFile>& files) {
  if (files.empty()) return;
  sd::MountSpec m;
  m.type = sd::MountSpec::Type::bind;
  m.source = secrets_host_dir(prefix, spec.name);
  m.target = secrets_dir;
  m.create_source = true;
  spec.mounts.push_back(m);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ",") + f.name;
  spec.labels[label_secrets] = names;
}

Owner parse_owner(const std::string& user, const std::string& passwd, const std::string& group) {
  if (user.empty()) return {};
  const size_t colon = user.find(':');
  const std::string who = user.substr(0, colon);
  const std::string grp = colon == std::string::npos ? "" : user.substr(colon + 1);
  Owner o;
  const auto row = table_row(passwd, who, all_digits(who));
  if (all_digits(who)) {
    o.uid = std::stoi(who);
    if (row.size() > 3 && all_digits(row[3])) o.gid = std::stoi(row[3]);
  } else {
    if (row.size() < 4 || !all_digits(row[2]) || !all_digits(row[3]))
      throw std::runtime_error("user \"" + who + "\" is not in the image's /etc/passwd");
    o.uid = std::stoi(row[2]);
    o.gid = std::stoi(row[3]);
  }
  if (all_digits(grp)) {
    o.gid = std::stoi(grp);
  } else if (!grp.empty()) {
    const auto g = table_row(group, grp, false);
    if (g.size() < 3 || !all_digits(g[2]))
      throw std::runtime_error("group \"" + grp + "\" is not in the image's /etc/group");
    o.gid = std::stoi(g[2]);
  }
  return o;
}

Owner container_owner(const sd::Engine& engine, const std::string& id, const sd::ContainerSpec& spec) {
  const std::string user = spec.user.empty() ? engine.inspect_image(spec.image).user : spec.user;
  if (user.empty()) return {};
  const bool named_group = user.find(':') != std::string::npos && !all_digits(user.substr(user.find(':') + 1));
  const std::string passwd = file_of(engine, id, "/etc/passwd");
  const std::string group = named_group ? file_of(engine, id, "/etc/group") : "";
  return parse_owner(user, passwd, group);
}

void write_secret_files(const sd::Engine& engine, const std::string& id, const std::vector<SecretFile>& resolved,
                        Owner owner) {
  if (resolved.empty()) return;
  std::vector<sd::TarFile> files;
  for (const auto& f : resolved) files.push_back({f.name, f.text, 0400, owner.uid, owner.gid});
  engine.put_archive(id, secrets_dir, sd::make_tar(files));
}

bool secret_files_present(const sd::Engine& engine, const std::string& id, const std::vector<SecretFile>& files) {
  for (const auto& f : files)
    if (!engine.get_archive(id, std::string(secrets_dir) + "/" + f.name)) return false;
  return true;
}

std::vector<std::string> labelled_secret_files(const sd::Labels& labels) {
  std::vector<std::string> out;
  const auto it = labels.find(label_secrets);
  if (it == labels.end()) return out;
  std::istringstream in(it->second);
  std::string name;
  while (std::getline(in, name, ','))
    if (!name.empty()) out.push_back(name);
  return out;
}

bool wipe_secret_files(const sd::Engine& engine, const sd::ContainerInfo& container,
                       const std::vector<std::string>& names) {
  if (names.empty()) return true;
  std::vector<sd::TarFile> empty;
  for (const auto& n : names) empty.push_back({n, "", 0400});
  engine.put_archive(container.id, secrets_dir, sd::make_tar(empty));
  if (engine.endpoint().kind != sd::EndpointConfig::Kind::unix_socket) return false;
  const auto stack = container.labels.find(label_stack);
  const auto instance = container.labels.find(label_instance);
  if (stack == container.labels.end() || instance == container.labels.end()) return false;
  const fs::path dir = secrets_host_dir(stack->second + "-" + instance->second, container.name);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return false;
  fs::remove(dir.parent_path(), ec);  // only when empty: other containers of the stack may still have theirs
  fs::remove(dir.parent_path().parent_path(), ec);
  return true;
}

}  // namespace stackctl::targets::docker
