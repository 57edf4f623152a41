// Engine: the container lifecycle (create, start, stop, kill, remove, inspect, list, wait).
#include "clients/engine/container_spec.hpp"
#include "clients/engine/engine.hpp"
#include "clients/engine/json_fields.hpp"

namespace stackctl::engine {

using detail::field;
using detail::num;
using detail::str;
using nlohmann::json;

namespace {

std::string container_path(const std::string& id) { return "/containers/" + url_encode(id); }

ContainerState to_state(const json& s) {
  ContainerState state;
  state.status = str(s, "Status");
  state.running = detail::flag(s, "Running");
  state.restarting = detail::flag(s, "Restarting");
  state.oom_killed = detail::flag(s, "OOMKilled");
  state.health = str(field(s, "Health"), "Status");
  state.exit_code = static_cast<int>(num(s, "ExitCode"));
  state.pid = static_cast<int>(num(s, "Pid"));
  state.started_at = str(s, "StartedAt");
  state.finished_at = str(s, "FinishedAt");
  return state;
}

std::vector<PublishedPort> to_ports(const json& ports) {
  std::vector<PublishedPort> out;
  if (!ports.is_object()) return out;
  for (const auto& [key, bindings] : ports.items()) {
    const auto slash = key.find('/');
    for (const auto& b : bindings) {  // null when exposed but not published
      PublishedPort p;
      p.container_port = std::stoi(key.substr(0, slash));
      p.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
      p.host_ip = str(b, "HostIp");
      const std::string host_port = str(b, "HostPort");
      p.host_port = host_port.empty() ? 0 : std::stoi(host_port);
      out.push_back(p);
    }
  }
  return out;
}

std::string strip_slash(std::string name) { return name.starts_with('/') ? name.substr(1) : name; }

}  // namespace

std::string Engine::create_container(const ContainerSpec& spec) const {
  const json body = container_create_body(spec);
  const std::string query = spec.name.empty() ? "" : query_string({{"name", spec.name}});
  return str(call("POST", "/containers/create" + query, &body), "Id");
}

void Engine::start_container(const std::string& id) const {
  call("POST", container_path(id) + "/start", nullptr, {304});
}

void Engine::stop_container(const std::string& id, int timeout_seconds) const {
  HttpRequest request;
  request.method = "POST";
  request.path = container_path(id) + "/stop" + query_string({{"t", std::to_string(timeout_seconds)}});
  request.timeout = endpoint().request_timeout + std::chrono::seconds(timeout_seconds);
  send(request, {}, {304});
}

void Engine::kill_container(const std::string& id, const std::string& signal) const {
  call("POST", container_path(id) + "/kill" + query_string({{"signal", signal}}));
}

void Engine::remove_container(const std::string& id, const RemoveOptions& options) const {
  std::vector<std::pair<std::string, std::string>> params;
  if (options.force) params.emplace_back("force", "1");
  if (options.volumes) params.emplace_back("v", "1");
  call("DELETE", container_path(id) + query_string(params));
}

ContainerInfo Engine::inspect_container(const std::string& id) const {
  const json j = call("GET", container_path(id) + "/json");
  const json& config = field(j, "Config");
  ContainerInfo info;
  info.id = str(j, "Id");
  info.name = strip_slash(str(j, "Name"));
  info.image_id = str(j, "Image");
  info.image = str(config, "Image");
  info.labels = detail::string_map(config, "Labels");
  info.tty = detail::flag(config, "Tty");
  info.state = to_state(field(j, "State"));
  info.restart_count = static_cast<int>(num(j, "RestartCount"));
  if (config.contains("StopTimeout") && config["StopTimeout"].is_number_integer())
    info.stop_timeout_seconds = config["StopTimeout"].get<int>();
  info.ports = to_ports(field(field(j, "NetworkSettings"), "Ports"));
  return info;
}

std::vector<ContainerSummary> Engine::list_containers(const LabelFilter& labels, bool all) const {
  std::vector<std::pair<std::string, std::string>> params = {{"filters", label_filters(labels)}};
  if (all) params.emplace_back("all", "1");
  std::vector<ContainerSummary> out;
  for (const auto& c : call("GET", "/containers/json" + query_string(params))) {
    ContainerSummary s;
    s.id = str(c, "Id");
    const auto names = detail::strings(c, "Names");
    s.name = names.empty() ? "" : strip_slash(names.front());
    s.image = str(c, "Image");
    s.state = str(c, "State");
    s.status = str(c, "Status");
    s.labels = detail::string_map(c, "Labels");
    out.push_back(std::move(s));
  }
  return out;
}

void Engine::set_restart_policy(const std::string& id, RestartPolicy policy, int max_retries) const {
  const json body = {{"RestartPolicy",
                      {{"Name", restart_policy_name(policy)},
                       {"MaximumRetryCount", policy == RestartPolicy::on_failure ? max_retries : 0}}}};
  call("POST", container_path(id) + "/update", &body);
}

void Engine::put_archive(const std::string& id, const std::string& path, const std::string& tar) const {
  HttpRequest request;
  request.method = "PUT";
  request.path = container_path(id) + "/archive" + query_string({{"path", path}});
  request.content_type = "application/x-tar";
  request.body = tar;
  send(request);
}

std::optional<std::string> Engine::get_archive(const std::string& id, const std::string& path) const {
  HttpRequest request;
  request.path = container_path(id) + "/archive" + query_string({{"path", path}});
  const HttpResponse response = send(request, {}, {404});
  if (response.status == 404) return std::nullopt;
  return response.body;
}

int Engine::wait_container(const std::string& id) const {
  HttpRequest request;
  request.method = "POST";
  request.path = container_path(id) + "/wait?condition=not-running";
  request.timeout = std::chrono::milliseconds(-1);
  const HttpResponse response = send(request);
  const json j = json::parse(response.body, nullptr, false);
  const std::string error = str(field(j, "Error"), "Message");
  if (!error.empty()) throw std::runtime_error("waiting for container " + id + ": " + error);
  return static_cast<int>(num(j, "StatusCode"));
}

}  // namespace stackctl::engine
