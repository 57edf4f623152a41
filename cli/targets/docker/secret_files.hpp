// Writing a container's secrets as files: a host folder on tmpfs
// (/dev/shm/stackctl/<stack>-<instance>/<container>) is bound at
// /run/secrets; the daemon creates it on its own host, so this works on a
// remote engine too. The files go in with PUT /containers/{id}/archive
// (mode 0400, owned by the user the container runs as) before start. The bind
// is read-write: the daemon refuses the archive call on a read-only bind
// ("mounted volume is marked read-only"); the folder stays root's, so a
// non-root process can read its files but not add or remove any.
#pragma once

#include <string>
#include <vector>

#include "clients/engine/engine.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::targets::docker {

/// "/dev/shm/stackctl/<prefix>/<container name>", on the daemon's host.
std::string secrets_host_dir(const std::string& prefix, const std::string& container_name);

/// Adds the bind of secrets_host_dir at secrets_dir and the label_secrets label.
void add_secrets_mount(stackctl::engine::ContainerSpec& spec, const std::string& prefix,
                       const std::vector<SecretFile>& files);

struct Owner {
  int uid = 0;
  int gid = 0;
};

/// "uid[:gid]" or "name[:group]" -> numbers, names looked up in `passwd` and
/// `group` (the files' text). Throws std::runtime_error for an unknown name.
Owner parse_owner(const std::string& user, const std::string& passwd, const std::string& group);

/// The user a created container runs as: `spec.user`, else its image's
/// Config.User, names resolved through the container's /etc/passwd and
/// /etc/group; root when neither says.
Owner container_owner(const stackctl::engine::Engine& engine, const std::string& id,
                      const stackctl::engine::ContainerSpec& spec);

/// Writes the resolved files into secrets_dir of container `id`, mode 0400.
void write_secret_files(const stackctl::engine::Engine& engine, const std::string& id,
                        const std::vector<SecretFile>& resolved, Owner owner);

/// True when every file is in the container's secrets_dir (false after a
/// reboot emptied /dev/shm).
bool secret_files_present(const stackctl::engine::Engine& engine, const std::string& id,
                          const std::vector<SecretFile>& files);

/// The file names of label_secrets ("" -> none).
std::vector<std::string> labelled_secret_files(const stackctl::engine::Labels& labels);

/// Overwrites the named files of container `id` with nothing (down, replace)
/// and, when the engine is on this host, removes their folder. Returns false
/// when the folder could not be removed here (a remote engine: it is empty and
/// goes at the daemon host's next reboot).
bool wipe_secret_files(const stackctl::engine::Engine& engine, const stackctl::engine::ContainerInfo& container,
                       const std::vector<std::string>& names);

}  // namespace stackctl::targets::docker
