#include "clients/engine/container_spec.hpp"

#include <stdexcept>

namespace stackctl::engine {
namespace {

using nlohmann::json;

int64_t nanos(std::chrono::milliseconds ms) { return static_cast<int64_t>(ms.count()) * 1000000; }

void check_port(const PortBinding& p) {
  if (p.host_ip != "127.0.0.1")
    throw std::invalid_argument("refusing to publish port " + std::to_string(p.container_port) + " on " +
                                (p.host_ip.empty() ? std::string("all addresses") : p.host_ip) +
                                ": only 127.0.0.1 is allowed");
  if (p.container_port < 1 || p.container_port > 65535 || p.host_port < 0 || p.host_port > 65535)
    throw std::invalid_argument("port out of range: " + std::to_string(p.container_port));
  if (p.protocol != "tcp" && p.protocol != "udp" && p.protocol != "sctp")
    throw std::invalid_argument("unknown port protocol: " + p.protocol);
}

json health_json(const HealthCheck& h) {
  return {{"Test", h.test},
          {"Interval", nanos(h.interval)},
          {"Timeout", nanos(h.timeout)},
          {"StartPeriod", nanos(h.start_period)},
          {"Retries", h.retries}};
}

json host_config(const ContainerSpec& spec) {
  json host = {{"RestartPolicy",
                {{"Name", restart_policy_name(spec.restart)},
                 {"MaximumRetryCount", spec.restart == RestartPolicy::on_failure ? spec.restart_max_retries : 0}}}};
  if (!spec.network.empty()) host["NetworkMode"] = spec.network;
  json bindings = json::object();
  for (const auto& p : spec.ports) {
    bindings[std::to_string(p.container_port) + "/" + p.protocol].push_back(
        {{"HostIp", p.host_ip}, {"HostPort", p.host_port == 0 ? std::string() : std::to_string(p.host_port)}});
  }
  if (!bindings.empty()) host["PortBindings"] = bindings;
  json mounts = json::array();
  json binds = json::array();
  for (const auto& m : spec.mounts) {
    if (m.target.empty()) throw std::invalid_argument("mount without a target");
    if (m.create_source) {
      if (m.type != MountSpec::Type::bind || m.source.empty() || m.source.front() != '/' ||
          m.source.find(':') != std::string::npos || m.target.find(':') != std::string::npos)
        throw std::invalid_argument("a created bind needs an absolute host path without ':'");
      binds.push_back(m.source + ":" + m.target + (m.read_only ? ":ro" : ""));
      continue;
    }
    mounts.push_back({{"Type", m.type == MountSpec::Type::bind ? "bind" : "volume"},
                      {"Source", m.source},
                      {"Target", m.target},
                      {"ReadOnly", m.read_only}});
  }
  if (!mounts.empty()) host["Mounts"] = mounts;
  if (!binds.empty()) host["Binds"] = binds;
  json tmpfs = json::object();
  for (const auto& t : spec.tmpfs) tmpfs[t.target] = t.options;
  if (!tmpfs.empty()) host["Tmpfs"] = tmpfs;
  return host;
}

}  // namespace

const char* restart_policy_name(RestartPolicy policy) {
  switch (policy) {
    case RestartPolicy::always:
      return "always";
    case RestartPolicy::unless_stopped:
      return "unless-stopped";
    case RestartPolicy::on_failure:
      return "on-failure";
    case RestartPolicy::no:
      break;
  }
  return "no";
}

json container_create_body(const ContainerSpec& spec) {
  if (spec.image.empty()) throw std::invalid_argument("container spec without an image");
  for (const auto& p : spec.ports) check_port(p);
  json body = {{"Image", spec.image}, {"Labels", json(spec.labels)}, {"Tty", spec.tty}};
  json env = json::array();
  for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
  body["Env"] = env;
  if (!spec.cmd.empty()) body["Cmd"] = spec.cmd;
  if (spec.entrypoint) body["Entrypoint"] = *spec.entrypoint;
  if (!spec.user.empty()) body["User"] = spec.user;
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  if (!spec.stop_signal.empty()) body["StopSignal"] = spec.stop_signal;
  if (spec.stop_timeout_seconds) body["StopTimeout"] = *spec.stop_timeout_seconds;
  if (spec.health_check) body["Healthcheck"] = health_json(*spec.health_check);
  json exposed = json::object();
  for (const auto& p : spec.ports) exposed[std::to_string(p.container_port) + "/" + p.protocol] = json::object();
  if (!exposed.empty()) body["ExposedPorts"] = exposed;
  body["HostConfig"] = host_config(spec);
  if (!spec.network.empty()) {
    json endpoint = json::object();
    if (!spec.network_aliases.empty()) endpoint["Aliases"] = spec.network_aliases;
    body["NetworkingConfig"] = {{"EndpointsConfig", {{spec.network, endpoint}}}};
  }
  return body;
}

}  // namespace stackctl::engine
