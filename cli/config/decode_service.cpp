#include <algorithm>

#include "config/decode.hpp"
#include "config/names.hpp"
#include "config/reader.hpp"

namespace stackctl::config {
namespace {

void decode_ports(const Node* n, const std::string& path, DecodeContext& ctx, std::vector<model::Port>& out) {
  if (!n) return;
  if (!n->is_list()) {
    ctx.diags.error(n->mark(), path, "expected a list of ports, got " + describe(*n));
    return;
  }
  for (size_t i = 0; i < n->items().size(); ++i) {
    MapReader r(&n->items()[i], path_index(path, i), ctx.diags, &ctx.sources);
    model::Port p;
    if (r.string("name", p.name, true)) {
      // IANA_SVC_NAME: at most 15 characters, a DNS-1123 label with a letter.
      std::string problem = dns1123_problem(p.name, 15);
      if (!problem.empty())
        ctx.diags.error(r.get("name")->mark(), r.child_path("name"), "port name " + quote(p.name) + " " + problem);
    }
    r.integer("port", p.port, 1, 65535, true);
    r.choice<std::string>("protocol", p.protocol, {{"TCP", "TCP"}, {"UDP", "UDP"}});
    r.integer("publish", p.publish, 1, 65535);
    out.push_back(p);
  }
}

std::optional<model::Probe> decode_probe(const Node* n, const std::string& path, DecodeContext& ctx) {
  MapReader r(n, path, ctx.diags, &ctx.sources);
  if (!r.present()) return std::nullopt;
  model::Probe p;
  int kinds = 0;
  if (r.string("http", p.path)) {
    p.kind = model::Probe::Kind::http;
    ++kinds;
    if (p.path.empty() || p.path[0] != '/')
      ctx.diags.error(r.get("http")->mark(), r.child_path("http"), "HTTP probe path must start with '/'");
  }
  bool tcp = false;
  if (r.boolean("tcp", tcp) && tcp) {
    p.kind = model::Probe::Kind::tcp;
    ++kinds;
  }
  if (r.string_list("exec", p.command)) {
    p.kind = model::Probe::Kind::exec;
    ++kinds;
    if (p.command.empty()) ctx.diags.error(r.get("exec")->mark(), r.child_path("exec"), "exec probe needs a command");
  }
  if (kinds != 1) ctx.diags.error(n->mark(), path, "a probe needs exactly one of \"http\", \"tcp\" or \"exec\"");
  r.string("port", p.port);
  r.integer("initial_delay", p.initial_delay_seconds, 0, 3600);
  r.integer("period", p.period_seconds, 1, 3600);
  r.integer("timeout", p.timeout_seconds, 1, 3600);
  r.integer("failure_threshold", p.failure_threshold, 1, 100);
  return p;
}

void decode_resources(const Node* n, const std::string& path, DecodeContext& ctx, model::Resources& out) {
  MapReader r(n, path, ctx.diags, &ctx.sources);
  auto quantity = [&](const char* key, std::string& field) {
    if (r.string(key, field) && !field.empty() && !is_quantity(field))
      ctx.diags.error(r.get(key)->mark(), r.child_path(key),
                      "invalid quantity " + quote(field) + " (e.g. 250m, 0.5, 128Mi, 1Gi)");
  };
  quantity("cpu", out.cpu_request);
  quantity("memory", out.memory_request);
  quantity("cpu_limit", out.cpu_limit);
  quantity("memory_limit", out.memory_limit);
}

void decode_autoscale(const Node* n, const std::string& path, DecodeContext& ctx, model::Autoscale& out) {
  if (!n) return;
  if (auto b = as_bool(*n)) {
    if (*b) ctx.diags.error(n->mark(), path, "autoscale: true needs bounds; write {min: N, max: M}");
    out.enabled = false;
    return;
  }
  MapReader r(n, path, ctx.diags, &ctx.sources);
  if (!r.present()) return;
  out.enabled = true;
  r.integer("min", out.min, 1, 1000, true);
  r.integer("max", out.max, 1, 1000, true);
  r.integer("cpu", out.cpu_percent, 1, 100);
  r.boolean("enabled", out.enabled);
}

void decode_expose(const Node* n, const std::string& path, DecodeContext& ctx, model::Expose& out) {
  if (!n) return;
  if (auto b = as_bool(*n)) {
    out.enabled = *b;
    return;
  }
  MapReader r(n, path, ctx.diags, &ctx.sources);
  if (!r.present()) return;
  out.enabled = true;
  r.string("host", out.host);
  if (r.string("path", out.path) && (out.path.empty() || out.path[0] != '/'))
    ctx.diags.error(r.get("path")->mark(), r.child_path("path"), "path must start with '/'");
  r.string("port", out.port);
  r.boolean("tls", out.tls);
  r.boolean("enabled", out.enabled);
}

std::optional<model::Build> decode_build(const Node* n, const std::string& path, DecodeContext& ctx) {
  MapReader r(n, path, ctx.diags, &ctx.sources);
  if (!r.present()) return std::nullopt;
  model::Build b;
  r.string("context", b.context);
  r.string("dockerfile", b.dockerfile, true);
  r.string_list("inputs", b.inputs);
  MapReader args(r.get("args"), r.child_path("args"), ctx.diags, &ctx.sources);
  if (args.present()) {
    for (const auto& e : args.node()->entries()) {
      std::string v;
      if (args.string(e.key, v)) b.args[e.key] = v;
    }
  }
  return b;
}

void decode_env(const Node* n, const std::string& path, DecodeContext& ctx, std::vector<model::EnvVar>& out) {
  MapReader r(n, path, ctx.diags, &ctx.sources);
  if (!r.present()) return;
  for (const auto& e : r.node()->entries()) {
    r.get(e.key);
    const std::string p = r.child_path(e.key);
    if (!is_env_name(e.key)) ctx.diags.error(e.key_mark, p, "invalid environment variable name " + quote(e.key));
    if (is_plain_null(*e.value)) continue;
    out.push_back(model::EnvVar{e.key, decode_env_value(*e.value, p, ctx)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

}  // namespace

bool decode_service(const Node& node, const std::string& name, DecodeContext& ctx, model::Service& out) {
  const std::string path = "services." + name;
  MapReader r(&node, path, ctx.diags, &ctx.sources);
  bool enabled = true;
  r.boolean("enabled", enabled);
  out.name = name;
  std::string declared;
  if (r.string("name", declared) && declared != name)
    ctx.diags.error(r.get("name")->mark(), r.child_path("name"),
                    "name " + quote(declared) + " does not match its folder services/" + name);
  r.string("description", out.description);
  r.string("image", out.image);
  out.build = decode_build(r.get("build"), r.child_path("build"), ctx);
  if (!r.get("image") && !out.build) ctx.diags.error(node.mark(), path, "a service needs \"build\" or \"image\"");
  r.string_list("command", out.command);
  r.string_list("args", out.args);
  r.string_list("seed_command", out.seed_command);
  decode_ports(r.get("ports"), r.child_path("ports"), ctx, out.ports);
  {
    MapReader probes(r.get("probes"), r.child_path("probes"), ctx.diags, &ctx.sources);
    out.readiness = decode_probe(probes.get("readiness"), probes.child_path("readiness"), ctx);
    out.liveness = decode_probe(probes.get("liveness"), probes.child_path("liveness"), ctx);
  }
  r.string_list("requires", out.requires_dependencies);  // split into services/dependencies by the loader
  decode_env(r.get("env"), r.child_path("env"), ctx, out.env);
  decode_resources(r.get("resources"), r.child_path("resources"), ctx, out.resources);
  r.integer("replicas", out.replicas, 0, 1000);
  decode_autoscale(r.get("autoscale"), r.child_path("autoscale"), ctx, out.autoscale);
  decode_expose(r.get("expose"), r.child_path("expose"), ctx, out.expose);
  r.integer("grace_period", out.termination_grace_seconds, 0, 3600);
  r.choice<model::Service::SecretsAs>(
      "secrets_as", out.secrets_as,
      {{"files", model::Service::SecretsAs::files}, {"env", model::Service::SecretsAs::env}});
  return enabled;
}

}  // namespace stackctl::config
