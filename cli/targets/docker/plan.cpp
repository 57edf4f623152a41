#include "targets/docker/plan.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "targets/docker/dependency_container.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace {

std::string escape_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

std::string dependency_field(const model::Dependency& d, const std::string& field) {
  if (field == "host") return d.name;  // its network alias
  if (field == "port") return std::to_string(d.port);
  if (field == "database") return d.database;
  if (field == "user") return d.user;
  throw std::runtime_error("unknown dependency field " + field);
}

/// The service's env with dependency references resolved and secret
/// references kept as placeholders. A variable that references a secret
/// becomes a file in secrets_dir named after it, and the env gets
/// <VAR>_FILE instead (unless the service says `secrets_as: env`).
void service_env(const model::Environment& env, const model::Service& s, ContainerPlan& c) {
  for (const auto& var : s.env) {
    std::string value;
    bool secret = false;
    for (const auto& part : var.value.parts) {
      if (!part.ref) {
        value += escape_literal(part.text);
      } else if (part.ref->kind == model::Reference::Kind::secret) {
        value += secret_placeholder(part.ref->name);
        secret = true;
      } else {
        const model::Dependency* d = env.find_dependency(part.ref->name);
        if (d == nullptr) throw std::runtime_error(s.name + ": unknown dependency " + part.ref->name);
        value += escape_literal(dependency_field(*d, part.ref->field));
      }
    }
    if (!secret || s.secrets_as == model::Service::SecretsAs::env) {
      c.spec.env[var.name] = value;
      continue;
    }
    c.secret_files.push_back({var.name, value});
    c.spec.env[var.name + "_FILE"] = std::string(secrets_dir) + "/" + var.name;
  }
  for (const auto& f : c.secret_files)
    for (const auto& var : s.env)
      if (var.name == f.name + "_FILE")
        throw std::runtime_error(s.name + ": env " + var.name + " is set, but stackctl sets it for the secret " +
                                 f.name + " (or say secrets_as: env)");
}

std::string image_of(const model::Service& s, const Images& images) {
  if (!s.build) return s.image;
  auto it = images.services.find(s.name);
  if (it == images.services.end()) throw std::runtime_error("no image for service " + s.name);
  return it->second;
}

ContainerPlan service_container(const model::Environment& env, const model::Service& s, const Images& images,
                                const std::string& prefix) {
  ContainerPlan c;
  c.component = s.name;
  c.role = Role::service;
  c.spec.image = image_of(s, images);
  service_env(env, s, c);
  if (!s.command.empty()) c.spec.entrypoint = s.command;
  c.spec.cmd = s.args;
  c.spec.network_aliases = {s.name};
  c.spec.restart = sd::RestartPolicy::unless_stopped;
  c.spec.stop_timeout_seconds = s.termination_grace_seconds;
  // The image's own HEALTHCHECK decides readiness (an exec probe replaces it);
  // checked every 2 s so a restarted container is ready again quickly.
  sd::HealthCheck h;
  if (s.readiness && s.readiness->kind == model::Probe::Kind::exec) {
    h.test = {"CMD"};
    h.test.insert(h.test.end(), s.readiness->command.begin(), s.readiness->command.end());
  }
  h.interval = std::chrono::seconds(2);
  h.timeout = std::chrono::seconds(s.readiness ? std::max(1, s.readiness->timeout_seconds) : 3);
  h.start_period = std::chrono::seconds(s.readiness ? s.readiness->initial_delay_seconds : 0);
  h.retries = s.readiness ? std::max(1, s.readiness->failure_threshold) : 3;
  c.spec.health_check = h;
  for (const auto& dep : s.requires_dependencies) {
    const model::Dependency* d = env.find_dependency(dep);
    if (d == nullptr) continue;
    if (d->kind == model::DependencyKind::lmdb_volume) {
      c.spec.mounts.push_back({sd::MountSpec::Type::volume, prefix + "-" + d->name, "/var/lib/" + d->name, false});
    } else {
      c.after.push_back("dependency/" + dep);
      if (d->seed) c.after.push_back("seed/" + dep);
    }
  }
  for (const auto& svc : s.requires_services) c.after.push_back("service/" + svc);
  return c;
}

/// The loader of a dependency's seed: the first service requiring it that
/// says how (seed_command), else the dependency's own client.
ContainerPlan seed_job(const model::Environment& env, const model::Dependency& d, const Images& images,
                       const std::string& prefix) {
  for (const auto& s : env.services) {
    if (s.seed_command.empty()) continue;
    if (std::find(s.requires_dependencies.begin(), s.requires_dependencies.end(), d.name) ==
        s.requires_dependencies.end())
      continue;
    ContainerPlan c = service_container(env, s, images, prefix);
    c.component = d.name;
    c.role = Role::seed;
    c.spec.network_aliases.clear();
    c.spec.restart = sd::RestartPolicy::no;
    c.spec.health_check.reset();
    c.seed_file = d.seed->sql;
    c.seed_path = "/seed/" + std::filesystem::path(d.seed->sql).filename().string();
    c.spec.cmd = s.seed_command;
    c.spec.cmd.push_back(c.seed_path);
    c.after = {"dependency/" + d.name};
    return c;
  }
  ContainerPlan c = dependency_client_seed(d);
  c.spec.restart = sd::RestartPolicy::no;
  return c;
}

/// A relay owns the service's published ports, so the service container
/// can be replaced (new one ready first) without the host port moving.
std::optional<ContainerPlan> relay_container(const model::Environment& env, const model::Service& s,
                                             const Images& images) {
  ContainerPlan c;
  c.component = s.name;
  c.role = Role::relay;
  c.spec.image = images.relay;
  c.spec.restart = sd::RestartPolicy::unless_stopped;
  c.spec.stop_timeout_seconds = 2;
  for (const auto& p : s.ports) {
    if (p.publish == 0 || p.protocol != "TCP") continue;
    c.spec.cmd.push_back(std::to_string(p.port));
    c.spec.cmd.push_back(s.name + ":" + std::to_string(p.port));
    sd::PortBinding b;
    b.container_port = p.port;
    // A copy runs beside its parent: the daemon picks free ports for it.
    b.host_port = env.copy ? 0 : p.publish;
    c.spec.ports.push_back(b);
  }
  if (c.spec.ports.empty()) return std::nullopt;
  c.after = {"service/" + s.name};
  c.ready_timeout_seconds = 30;
  return c;
}

/// Services ordered so that each comes after the services it requires
/// (the loader has refused cycles); ties by name.
std::vector<const model::Service*> service_order(const model::Environment& env) {
  std::vector<const model::Service*> out;
  std::set<std::string> placed;
  while (out.size() < env.services.size()) {
    bool progress = false;
    for (const auto& s : env.services) {
      if (placed.count(s.name)) continue;
      bool ready = std::all_of(s.requires_services.begin(), s.requires_services.end(),
                               [&](const std::string& r) { return placed.count(r) || env.find_service(r) == nullptr; });
      if (!ready) continue;
      out.push_back(&s);
      placed.insert(s.name);
      progress = true;
    }
    if (!progress) throw std::runtime_error("services require each other in a cycle");
  }
  return out;
}

}  // namespace

const char* to_string(Role r) {
  switch (r) {
    case Role::dependency:
      return "dependency";
    case Role::seed:
      return "seed";
    case Role::service:
      return "service";
    case Role::relay:
      return "relay";
  }
  return "?";
}

Role role_from_string(const std::string& s) {
  for (Role r : {Role::dependency, Role::seed, Role::service, Role::relay})
    if (s == to_string(r)) return r;
  throw std::runtime_error("unknown container role \"" + s + "\"");
}

std::string ContainerPlan::key() const { return std::string(to_string(role)) + "/" + component; }

const ContainerPlan* Plan::find(const std::string& key) const {
  for (const auto& c : containers)
    if (c.key() == key) return &c;
  return nullptr;
}

Plan make_plan(const model::Environment& env, const Images& images) {
  Plan plan;
  plan.stack = env.stack;
  plan.instance = env.instance_name();
  plan.network = plan.prefix();
  const std::string prefix = plan.prefix();
  for (const auto& d : env.dependencies) {
    const std::string volume = prefix + "-" + d.name;
    plan.volumes.push_back(volume);
    if (d.kind == model::DependencyKind::lmdb_volume) continue;
    plan.containers.push_back(dependency_container(d, volume));
  }
  for (const auto& d : env.dependencies)
    if (d.seed) plan.containers.push_back(seed_job(env, d, images, prefix));
  for (const model::Service* s : service_order(env))
    plan.containers.push_back(service_container(env, *s, images, prefix));
  for (const auto& s : env.services)
    if (auto relay = relay_container(env, s, images)) plan.containers.push_back(std::move(*relay));
  for (auto& c : plan.containers) c.spec.network = plan.network;
  std::sort(plan.volumes.begin(), plan.volumes.end());
  return plan;
}

namespace {

const std::string secret_open = "${secret:";

void add_secret_names(const std::string& v, std::set<std::string>& names) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '$') {
      ++i;
      continue;
    }
    if (v.compare(i, secret_open.size(), secret_open) != 0) continue;
    size_t end = v.find('}', i);
    if (end == std::string::npos) break;
    names.insert(v.substr(i + secret_open.size(), end - i - secret_open.size()));
    i = end;
  }
}

}  // namespace

std::vector<std::string> referenced_secrets(const Plan& plan) {
  std::set<std::string> names;
  for (const auto& c : plan.containers) {
    for (const auto& [k, v] : c.spec.env) add_secret_names(v, names);
    for (const auto& f : c.secret_files) add_secret_names(f.text, names);
  }
  return {names.begin(), names.end()};
}

std::string resolve_text(const std::string& v, const std::map<std::string, std::string>& values,
                         const std::string& what) {
  std::string r;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '$') {
      r += '$';
      ++i;
    } else if (v.compare(i, secret_open.size(), secret_open) == 0 && v.find('}', i) != std::string::npos) {
      size_t end = v.find('}', i);
      std::string name = v.substr(i + secret_open.size(), end - i - secret_open.size());
      auto it = values.find(name);
      if (it == values.end())
        throw std::runtime_error("secret \"" + name + "\" (for " + what +
                                 ") is not set; add it with 'stackctl secrets set' or 'secrets generate'");
      r += it->second;
      i = end;
    } else {
      r += v[i];
    }
  }
  return r;
}

std::map<std::string, std::string> resolve_env(const std::map<std::string, std::string>& env,
                                               const std::map<std::string, std::string>& values) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : env) out[k] = resolve_text(v, values, k);
  return out;
}

std::vector<SecretFile> resolve_secret_files(const std::vector<SecretFile>& files,
                                             const std::map<std::string, std::string>& values) {
  std::vector<SecretFile> out;
  for (const auto& f : files)
    out.push_back({f.name, resolve_text(f.text, values, std::string(secrets_dir) + "/" + f.name)});
  return out;
}

}  // namespace stackctl::targets::docker
