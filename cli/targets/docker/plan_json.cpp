// Plan <-> JSON: how a release stores what it deployed (docker/plan.json),
// so that a rollback redeploys exactly that. Only the ContainerSpec fields a
// plan uses are written.
#include <stdexcept>

#include "clients/engine/container_spec.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
using nlohmann::json;
namespace {

int64_t ms(std::chrono::milliseconds d) { return d.count(); }

json spec_json(const sd::ContainerSpec& s) {
  json j = {{"image", s.image}, {"env", s.env}, {"cmd", s.cmd}, {"network", s.network},
            {"aliases", s.network_aliases}, {"restart", sd::restart_policy_name(s.restart)}};
  if (s.entrypoint) j["entrypoint"] = *s.entrypoint;
  if (!s.working_dir.empty()) j["working_dir"] = s.working_dir;
  if (!s.user.empty()) j["user"] = s.user;
  if (s.stop_timeout_seconds) j["stop_timeout"] = *s.stop_timeout_seconds;
  for (const auto& p : s.ports)
    j["ports"].push_back({{"container", p.container_port}, {"protocol", p.protocol}, {"host", p.host_port}});
  for (const auto& m : s.mounts)
    j["mounts"].push_back({{"volume", m.source}, {"target", m.target}, {"read_only", m.read_only}});
  if (s.health_check) {
    const auto& h = *s.health_check;
    j["health"] = {{"test", h.test}, {"interval_ms", ms(h.interval)}, {"timeout_ms", ms(h.timeout)},
                   {"start_period_ms", ms(h.start_period)}, {"retries", h.retries}};
  }
  return j;
}

sd::RestartPolicy restart_from(const std::string& name) {
  for (auto p : {sd::RestartPolicy::no, sd::RestartPolicy::always, sd::RestartPolicy::unless_stopped,
                 sd::RestartPolicy::on_failure})
    if (name == sd::restart_policy_name(p)) return p;
  throw std::runtime_error("unknown restart policy \"" + name + "\"");
}

sd::ContainerSpec spec_from(const json& j) {
  sd::ContainerSpec s;
  s.image = j.at("image").get<std::string>();
  s.env = j.value("env", std::map<std::string, std::string>{});
  s.cmd = j.value("cmd", std::vector<std::string>{});
  s.network = j.value("network", "");
  s.network_aliases = j.value("aliases", std::vector<std::string>{});
  s.restart = restart_from(j.value("restart", "no"));
  if (j.contains("entrypoint")) s.entrypoint = j["entrypoint"].get<std::vector<std::string>>();
  s.working_dir = j.value("working_dir", "");
  s.user = j.value("user", "");
  if (j.contains("stop_timeout")) s.stop_timeout_seconds = j["stop_timeout"].get<int>();
  for (const auto& p : j.value("ports", json::array())) {
    sd::PortBinding b;
    b.container_port = p.at("container").get<int>();
    b.protocol = p.value("protocol", "tcp");
    b.host_port = p.value("host", 0);
    s.ports.push_back(b);
  }
  for (const auto& m : j.value("mounts", json::array()))
    s.mounts.push_back({sd::MountSpec::Type::volume, m.at("volume").get<std::string>(),
                        m.at("target").get<std::string>(), m.value("read_only", false)});
  if (j.contains("health")) {
    const json& h = j["health"];
    sd::HealthCheck hc;
    hc.test = h.value("test", std::vector<std::string>{});
    hc.interval = std::chrono::milliseconds(h.value("interval_ms", 2000));
    hc.timeout = std::chrono::milliseconds(h.value("timeout_ms", 5000));
    hc.start_period = std::chrono::milliseconds(h.value("start_period_ms", 0));
    hc.retries = h.value("retries", 3);
    s.health_check = hc;
  }
  return s;
}

}  // namespace

json to_json(const Plan& plan) {
  json containers = json::array();
  for (const auto& c : plan.containers) {
    json j = {{"component", c.component}, {"role", to_string(c.role)}, {"after", c.after},
              {"ready_timeout", c.ready_timeout_seconds}, {"spec", spec_json(c.spec)}};
    if (!c.seed_file.empty()) j["seed"] = {{"file", c.seed_file}, {"path", c.seed_path}};
    for (const auto& f : c.secret_files) j["secret_files"].push_back({{"name", f.name}, {"text", f.text}});
    containers.push_back(std::move(j));
  }
  return {{"version", 1}, {"stack", plan.stack},     {"instance", plan.instance},
          {"network", plan.network}, {"volumes", plan.volumes}, {"containers", containers}};
}

Plan plan_from_json(const json& doc) {
  try {
    if (doc.value("version", 0) != 1) throw std::runtime_error("unknown plan version");
    Plan plan;
    plan.stack = doc.at("stack").get<std::string>();
    plan.instance = doc.at("instance").get<std::string>();
    plan.network = doc.at("network").get<std::string>();
    plan.volumes = doc.value("volumes", std::vector<std::string>{});
    for (const auto& j : doc.at("containers")) {
      ContainerPlan c;
      c.component = j.at("component").get<std::string>();
      c.role = role_from_string(j.at("role").get<std::string>());
      c.after = j.value("after", std::vector<std::string>{});
      c.ready_timeout_seconds = j.value("ready_timeout", 180);
      c.spec = spec_from(j.at("spec"));
      if (j.contains("seed")) {
        c.seed_file = j["seed"].at("file").get<std::string>();
        c.seed_path = j["seed"].at("path").get<std::string>();
      }
      for (const auto& f : j.value("secret_files", json::array()))
        c.secret_files.push_back({f.at("name").get<std::string>(), f.at("text").get<std::string>()});
      plan.containers.push_back(std::move(c));
    }
    return plan;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("malformed docker plan: ") + e.what());
  }
}

}  // namespace stackctl::targets::docker
