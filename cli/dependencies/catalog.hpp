// The one description of each dependency kind (postgres, mysql, redis, redis
// cluster, activemq) as a server: its official image's contract, where its
// data lives, the secrets it reads as files, its readiness query and its
// backup. Both the Docker plan and the Kubernetes render are made from it, so
// the two targets cannot drift. Pure data (no I/O); lmdb volumes have no server.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/environment.hpp"

namespace stackctl::dependencies {

/// Where a container finds its secrets: files, never env (which `docker
/// inspect` and the pod spec show) nor argv (which /proc/PID/cmdline shows).
inline constexpr const char* secrets_dir = "/run/secrets";

/// One secret file: /run/secrets/<file>, holding the value of the model's
/// secret `secret`. The file is named after the secret, as the Secrets Store
/// CSI driver names its files (objectAlias), so every delivery agrees.
struct SecretFile {
  std::string file;
  std::string secret;
  bool operator==(const SecretFile&) const = default;
};

/// "/run/secrets/<file>".
std::string secret_path(const SecretFile& f);

/// An extra writable path (a read-only root filesystem needs them).
struct Scratch {
  std::string volume;  // a volume name, a DNS label
  std::string path;
  bool seeded = false;  // starts with the image's own content at `path` (copied in first)
};

/// A command for later verbs (`stackctl backup`) run inside the server's
/// container; it writes the backup to its stdout.
struct Backup {
  std::vector<std::string> command;
  std::string format;  // "pg_dump-custom", "sql", "rdb", "tar"
};

struct Server {
  std::string image;      // the model's image_reference(): the override (stand-in) or the official image
  std::string component;  // "postgres", "mysql", "redis", "activemq"
  std::string port_name;  // a DNS label, at most 15 characters
  int port = 0;
  int uid = 999;  // the image's own non-root user (Kubernetes runs it so)
  std::string data_path;
  std::vector<Scratch> scratch;
  std::vector<std::pair<std::string, std::string>> env;  // plain values only, never a secret
  std::vector<std::string> command;                      // replaces the image's entrypoint when set
  std::vector<std::string> args;                         // the arguments after the entrypoint
  std::vector<SecretFile> secrets;
  std::vector<std::string> readiness;  // a real query as a client; exit 0 = ready
  std::vector<std::string> liveness;   // usually the readiness query
  int start_seconds = 60;              // how long a first start (init) may take
  Backup backup;
  int replicas = 1;
};

/// The server of `d`. Throws std::logic_error for an lmdb volume.
Server describe(const model::Dependency& d);

/// `text` as one single-quoted shell word.
std::string shell_quote(const std::string& text);

/// A shell prefix that exports `variable` with the content of the password
/// file of `d` ("" when `d` has no password), e.g.
/// `PGPASSWORD="$(cat /run/secrets/db-password)"; export PGPASSWORD; `.
std::string password_from_file(const model::Dependency& d, const std::string& variable);

/// The password file of `d` (empty `secret` when it has none).
SecretFile password_file(const model::Dependency& d);

}  // namespace stackctl::dependencies
