#include "config/validate_rules.hpp"

#include <algorithm>
#include <map>

#include "config/reader.hpp"
#include "config/suggest.hpp"

namespace stackctl::config {
namespace {

std::vector<std::string> port_names(const model::Service& svc) {
  std::vector<std::string> out;
  for (const auto& p : svc.ports) out.push_back(p.name);
  return out;
}

void check_port_ref(const model::Service& svc, const std::string& port, const std::string& path,
                    const SourceMap& sources, Diagnostics& diags) {
  if (port.empty()) return;
  auto names = port_names(svc);
  if (std::find(names.begin(), names.end(), port) == names.end())
    diags.error(sources.at(path), path,
                "no port named " + quote(port) + " in this service" + did_you_mean(port, names));
}

void check_probe(const model::Service& svc, const std::optional<model::Probe>& probe, const std::string& path,
                 const SourceMap& sources, Diagnostics& diags) {
  if (!probe || probe->kind == model::Probe::Kind::exec) return;
  if (probe->port.empty() && svc.ports.empty())
    diags.error(sources.at(path), path, "an http or tcp probe needs a port, and the service declares none");
  check_port_ref(svc, probe->port, path + ".port", sources, diags);
}

void check_bounds(const model::Environment& env, const model::Service& svc, const std::string& base,
                  const SourceMap& sources, Diagnostics& diags) {
  const auto& a = svc.autoscale;
  if (a.enabled && a.min > a.max)
    diags.error(sources.at(base + ".autoscale.min"), base + ".autoscale",
                "min (" + std::to_string(a.min) + ") is greater than max (" + std::to_string(a.max) + ")");
  for (const auto& dep : svc.requires_dependencies) {
    const model::Dependency* d = env.find_dependency(dep);
    if (d && d->kind == model::DependencyKind::lmdb_volume && (svc.replicas > 1 || (a.enabled && a.max > 1)))
      diags.error(sources.at(a.enabled ? base + ".autoscale" : base + ".replicas"), base,
                  "requires lmdb-volume " + quote(dep) +
                      ", which one replica at a time can open: set replicas: 1 and no autoscale");
  }
}

void check_ports(const model::Service& svc, const std::string& base, const SourceMap& sources, Diagnostics& diags) {
  std::map<std::string, size_t> names;
  std::map<std::string, size_t> numbers;
  for (size_t i = 0; i < svc.ports.size(); ++i) {
    const auto& p = svc.ports[i];
    const std::string path = path_index(base + ".ports", i);
    if (auto [it, fresh] = names.emplace(p.name, i); !fresh)
      diags.error(sources.at(path + ".name"), path + ".name",
                  "port name " + quote(p.name) + " is already used by ports[" + std::to_string(it->second) + "]");
    const std::string key = std::to_string(p.port) + "/" + p.protocol;
    if (auto [it, fresh] = numbers.emplace(key, i); !fresh)
      diags.error(sources.at(path + ".port"), path + ".port",
                  "port " + key + " clashes with ports[" + std::to_string(it->second) + "]");
  }
  if (svc.expose.enabled && svc.ports.empty())
    diags.error(sources.at(base + ".expose"), base + ".expose", "an exposed service needs at least one port");
  check_port_ref(svc, svc.expose.port, base + ".expose.port", sources, diags);
}

void check_references(const model::Service& svc, const std::string& base, const SourceMap& sources,
                      Diagnostics& diags) {
  for (const auto& var : svc.env)
    for (const auto& part : var.value.parts) {
      if (!part.ref || part.ref->kind != model::Reference::Kind::dependency) continue;
      const auto& deps = svc.requires_dependencies;
      if (std::find(deps.begin(), deps.end(), part.ref->name) == deps.end()) {
        const std::string path = base + ".env." + var.name;
        diags.error(sources.at(path), path,
                    "refers to dependency " + quote(part.ref->name) + ", which this service does not require" +
                        did_you_mean(part.ref->name, deps) + "; add it to \"requires\"");
      }
    }
}

}  // namespace

void validate_service_rules(const model::Environment& env, const model::Service& svc, const SourceMap& sources,
                            Diagnostics& diags) {
  const std::string base = "services." + svc.name;
  check_bounds(env, svc, base, sources, diags);
  check_ports(svc, base, sources, diags);
  check_probe(svc, svc.readiness, base + ".probes.readiness", sources, diags);
  check_probe(svc, svc.liveness, base + ".probes.liveness", sources, diags);
  check_references(svc, base, sources, diags);
}

void validate_published_ports(const model::Environment& env, const SourceMap& sources, Diagnostics& diags) {
  std::map<int, std::string> used;  // host port -> "services.x.ports[i]"
  for (const auto& svc : env.services)
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      const int host = svc.ports[i].publish;
      if (host == 0) continue;
      const std::string path = path_index("services." + svc.name + ".ports", i) + ".publish";
      if (auto [it, fresh] = used.emplace(host, path); !fresh)
        diags.error(sources.at(path), path,
                    "host port " + std::to_string(host) + " is already published by " + it->second);
    }
}

}  // namespace stackctl::config
