// A small typed client of the Docker Engine API (v1.41) over libcurl, on the
// unix socket or DOCKER_HOST (tcp://, optionally TLS). Errors: EngineError
// (the daemon said no: status, method, path and its message), ConnectionError
// (unreachable, permission denied, timed out), StreamError (a build failed).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clients/engine/endpoint.hpp"
#include "clients/engine/errors.hpp"
#include "clients/engine/transport.hpp"
#include "clients/engine/types.hpp"

#include <nlohmann/json.hpp>

namespace stackctl::engine {

class Engine {
 public:
  static Engine from_environment();
  explicit Engine(EndpointConfig endpoint);

  const EndpointConfig& endpoint() const { return transport_.endpoint(); }

  void ping() const;
  VersionInfo version() const;

  // Images
  bool image_exists(const std::string& ref) const;
  ImageInfo inspect_image(const std::string& ref) const;
  std::vector<ImageInfo> list_images(const LabelFilter& labels) const;
  /// Builds from a tar stream (see build_context.hpp); each JSON message goes
  /// to `on_progress`. A message with "error" throws StreamError with its text.
  BuildResult build(const std::string& context_tar, const BuildOptions& options,
                    const BuildProgress& on_progress = {}) const;
  void remove_image(const std::string& ref, bool force = false) const;
  /// Pulls "repo[:tag]" or "repo@digest"; progress messages go to `on_progress`.
  /// An error in the stream (unknown image, no registry) throws StreamError.
  void pull_image(const std::string& ref, const BuildProgress& on_progress = {}) const;
  /// Streams `docker save` of one image (GET /images/{ref}/get, a tar) into
  /// `file` without holding it in memory; the file is removed on failure.
  void save_image(const std::string& ref, const std::filesystem::path& file) const;

  // Networks
  /// Creates the network unless one of that name exists; returns it either way.
  NetworkInfo ensure_network(const NetworkSpec& spec) const;
  NetworkInfo inspect_network(const std::string& name_or_id) const;
  std::vector<NetworkInfo> list_networks(const LabelFilter& labels) const;
  void remove_network(const std::string& name_or_id) const;

  // Volumes
  VolumeInfo create_volume(const VolumeSpec& spec) const;
  std::vector<VolumeInfo> list_volumes(const LabelFilter& labels) const;
  void remove_volume(const std::string& name, bool force = false) const;

  // Containers
  /// Returns the new container's ID. Throws std::invalid_argument (before
  /// asking the daemon) for a port published on another address than 127.0.0.1.
  std::string create_container(const ContainerSpec& spec) const;
  void start_container(const std::string& id) const;                           // already running: no error
  void stop_container(const std::string& id, int timeout_seconds = 10) const;  // already stopped: no error
  void kill_container(const std::string& id, const std::string& signal = "SIGKILL") const;
  void remove_container(const std::string& id, const RemoveOptions& options = {}) const;
  ContainerInfo inspect_container(const std::string& id) const;
  std::vector<ContainerSummary> list_containers(const LabelFilter& labels, bool all = true) const;
  /// Changes the restart policy of an existing container.
  void set_restart_policy(const std::string& id, RestartPolicy policy, int max_retries = 0) const;
  /// Extracts the tar archive `tar` into `path` of the container (created or running).
  void put_archive(const std::string& id, const std::string& path, const std::string& tar) const;
  /// GET /containers/{id}/archive: a tar of `path` (created or running
  /// container); nullopt when the path does not exist (404).
  std::optional<std::string> get_archive(const std::string& id, const std::string& path) const;
  /// Blocks until the container is not running; returns its exit code.
  int wait_container(const std::string& id) const;
  /// Streams log lines (demultiplexed for non-TTY containers) to `sink`.
  void logs(const std::string& id, const LogOptions& options, const LogSink& sink) const;
  std::vector<LogLine> logs(const std::string& id, const LogOptions& options = {}) const;
  /// Runs a command in a running container and captures its output.
  ExecResult exec(const std::string& id, const std::vector<std::string>& cmd, const ExecOptions& options = {}) const;

 private:
  /// A JSON request; a status outside 2xx (and not in `also_ok`) throws EngineError.
  nlohmann::json call(const std::string& method, const std::string& path, const nlohmann::json* body = nullptr,
                      std::initializer_list<int> also_ok = {}) const;
  HttpResponse send(const HttpRequest& request, const BodySink& sink = {},
                    std::initializer_list<int> also_ok = {}) const;

  Transport transport_;
};

/// "?a=1&b=x%20y" from pairs (values URL-encoded); repeated keys are fine.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);
std::string url_encode(const std::string& text);
/// {"label":["k=v","k2"]} as the filters parameter wants it.
std::string label_filters(const LabelFilter& labels);

}  // namespace stackctl::engine
