// The published endpoints of a Docker environment: the host ports its relay
// containers own, named after the service's port.
#include <algorithm>
#include <tuple>

#include "targets/docker/apply.hpp"
#include "targets/docker/docker_target.hpp"

namespace stackctl::targets::docker {

std::vector<Endpoint> published_endpoints(const stackctl::engine::Engine& engine, const model::Environment& env) {
  std::vector<Endpoint> out;
  for (const auto& c : engine.list_containers(instance_filter(env.stack, env.instance_name()), false)) {
    auto key = c.labels.find(label_key);
    if (key == c.labels.end() || !key->second.starts_with("relay/")) continue;
    const std::string service = key->second.substr(6);
    const model::Service* s = env.find_service(service);
    for (const auto& p : engine.inspect_container(c.id).ports) {
      if (p.host_port == 0) continue;
      std::string name = std::to_string(p.container_port);
      if (s != nullptr)
        for (const auto& sp : s->ports)
          if (sp.port == p.container_port) name = sp.name;
      const std::string scheme = name.starts_with("http") ? "http://" : "";
      out.push_back({service, name, scheme + p.host_ip + ":" + std::to_string(p.host_port)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Endpoint& a, const Endpoint& b) {
    return std::tie(a.service, a.port_name) < std::tie(b.service, b.port_name);
  });
  return out;
}

}  // namespace stackctl::targets::docker
