// The typed requests and results of engine::Engine: only the fields stackctl
// uses, not the whole Engine API.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clients/engine/stream.hpp"

namespace stackctl::engine {

using Labels = std::map<std::string, std::string>;

/// A label filter: every entry must match; an empty value matches the key with any value.
using LabelFilter = std::map<std::string, std::string>;

struct VersionInfo {
  std::string version;          // "20.10.24+dfsg1"
  std::string api_version;      // "1.41"
  std::string min_api_version;  // "1.12"
  std::string os, arch, kernel_version;
};

// ---- images ------------------------------------------------------------------

struct ImageInfo {
  std::string id;  // "sha256:..."
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;
  Labels labels;
  std::string user;  // Config.User: "", "name", "uid" or "uid:gid"
};

struct BuildOptions {
  std::string dockerfile = "Dockerfile";  // path inside the context
  std::vector<std::string> tags;
  Labels labels;
  std::map<std::string, std::string> build_args;
  std::optional<std::string> target;
  bool no_cache = false;
  bool pull = false;  // never, by default: there may be no registry
};

/// One JSON message of the /build stream.
struct BuildMessage {
  std::string stream;  // build output ("Step 1/4 : FROM ...\n")
  std::string status;  // pull progress
  std::string id;
  std::string aux_id;  // the image ID, when the message is {"aux":{"ID":...}}
  std::string raw;     // the JSON line as received
};

using BuildProgress = std::function<void(const BuildMessage&)>;

struct BuildResult {
  std::string image_id;  // "sha256:...", from the aux message
};

// ---- networks and volumes ----------------------------------------------------

struct NetworkSpec {
  std::string name;
  std::string driver = "bridge";
  bool internal = false;
  Labels labels;
};

struct NetworkInfo {
  std::string id, name, driver;
  bool internal = false;
  Labels labels;
};

struct VolumeSpec {
  std::string name;
  Labels labels;
};

struct VolumeInfo {
  std::string name, driver, mountpoint;
  Labels labels;
};

// ---- containers --------------------------------------------------------------

/// A published port; the host side is always loopback (127.0.0.1).
struct PortBinding {
  int container_port = 0;
  std::string protocol = "tcp";
  std::string host_ip = "127.0.0.1";  // anything else is refused
  int host_port = 0;                  // 0: the daemon picks one
};

struct MountSpec {
  enum class Type { volume, bind };
  Type type = Type::volume;
  std::string source;  // volume name or host path
  std::string target;  // path in the container
  bool read_only = false;
  /// A bind whose host folder the daemon creates when missing, on its own
  /// host (sent as HostConfig.Binds; HostConfig.Mounts refuses a missing one).
  bool create_source = false;
};

struct TmpfsMount {
  std::string target;
  std::string options;  // "size=64m,mode=1777"; may be empty
};

struct HealthCheck {
  std::vector<std::string> test;  // {"CMD-SHELL", "curl -f ..."} or {"CMD", ...}
  std::chrono::milliseconds interval{30000};
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds start_period{0};
  int retries = 3;
};

enum class RestartPolicy { no, always, unless_stopped, on_failure };

struct ContainerSpec {
  std::string name;  // empty: the daemon names it
  std::string image;
  std::map<std::string, std::string> env;
  std::vector<std::string> cmd;                        // empty: the image's CMD
  std::optional<std::vector<std::string>> entrypoint;  // set: replaces the image's
  Labels labels;
  std::string network;  // empty: the default bridge
  std::vector<std::string> network_aliases;
  std::vector<PortBinding> ports;
  std::vector<MountSpec> mounts;
  std::vector<TmpfsMount> tmpfs;
  std::optional<HealthCheck> health_check;
  RestartPolicy restart = RestartPolicy::no;
  int restart_max_retries = 0;  // on_failure only
  std::string user;
  std::string working_dir;
  std::string stop_signal;
  std::optional<int> stop_timeout_seconds;  // SIGTERM to SIGKILL on stop; unset: the daemon's 10 s
  bool tty = false;
};

struct ContainerState {
  std::string status;  // created, running, paused, restarting, removing, exited, dead
  bool running = false;
  bool restarting = false;
  bool oom_killed = false;
  std::string health;  // "", starting, healthy, unhealthy
  int exit_code = 0;
  int pid = 0;
  std::string started_at, finished_at;  // RFC 3339
};

struct PublishedPort {
  int container_port = 0;
  std::string protocol;
  std::string host_ip;
  int host_port = 0;
};

struct ContainerInfo {
  std::string id, name;  // name without the leading "/"
  std::string image_id;  // "sha256:..."
  std::string image;     // as asked for at create
  Labels labels;
  ContainerState state;
  int restart_count = 0;
  std::optional<int> stop_timeout_seconds;
  bool tty = false;
  std::vector<PublishedPort> ports;
};

struct ContainerSummary {
  std::string id, name, image, state, status;
  Labels labels;
};

struct RemoveOptions {
  bool force = false;    // kill it if running
  bool volumes = false;  // remove its anonymous volumes
};

struct LogOptions {
  bool want_stdout = true;
  bool want_stderr = true;
  bool follow = false;
  bool timestamps = false;
  std::optional<int64_t> since;  // unix seconds
  std::optional<int> tail;       // last N lines
};

/// Receives each line; return false to stop following.
using LogSink = std::function<bool(const LogLine&)>;

struct ExecOptions {
  std::map<std::string, std::string> env;
  std::string user;
  std::string working_dir;
  std::chrono::milliseconds timeout{0};  // 0: the endpoint's request timeout
};

struct ExecResult {
  int exit_code = 0;
  std::string stdout_text, stderr_text;
};

}  // namespace stackctl::engine
