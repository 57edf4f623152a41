#include "config/loader.hpp"

#include <algorithm>

#include "config/copy.hpp"
#include "config/decode.hpp"
#include "config/extends_chain.hpp"
#include "config/merge.hpp"
#include "config/names.hpp"
#include "config/reader.hpp"
#include "config/suggest.hpp"
#include "config/validate.hpp"
#include "config/yaml_parse.hpp"

namespace fs = std::filesystem;

namespace stackctl::config {
namespace {

std::vector<std::string> sorted_names(const fs::path& dir, const std::string& suffix, bool folders) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (folders) {
      if (entry.is_directory() && fs::exists(entry.path() / "service.yaml")) out.push_back(file);
    } else if (entry.is_regular_file() && file.size() > suffix.size() &&
               file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0 &&
               file.find(".secrets.") == std::string::npos) {
      out.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void apply_overrides_reporting(Node& tree, const std::vector<Override>& overrides, Diagnostics& diags) {
  try {
    apply_overrides(tree, overrides);
  } catch (const InvalidInput& e) {
    for (const auto& d : e.diagnostics()) diags.error(d.mark, d.path, d.message);
  }
}

void check_name(const std::string& name, const Mark& mark, const std::string& path, const char* what,
                Diagnostics& diags) {
  std::string problem = dns1123_problem(name);
  if (!problem.empty()) diags.error(mark, path, std::string(what) + " " + quote(name) + " " + problem);
}

/// The keys of `defaults` that apply to every service.
Node read_service_defaults(const Node* defaults, Diagnostics& diags, SourceMap& sources) {
  MapReader r(defaults, "defaults", diags, &sources);
  Node out = Node::map(defaults ? defaults->mark() : Mark{});
  for (const char* key : {"replicas", "autoscale", "resources", "grace_period"})
    if (const Node* n = r.get(key)) out.set(key, *n, n->mark());
  return out;
}

/// `images: {postgres: IMAGE, ...}`: the environment's image for every
/// dependency of a kind that does not name its own (e.g. a mirror, or the
/// test stand-ins).
void apply_kind_images(const Node* node, LoadedEnvironment& out, SourceMap& sources) {
  MapReader r(node, "images", out.diags, &sources);
  if (!r.present()) return;
  std::map<std::string, std::string> by_kind;
  for (const char* kind : {"postgres", "mysql", "redis", "activemq"}) {
    std::string image;
    if (r.string(kind, image)) by_kind[kind] = image;
  }
  r.finish();
  for (auto& d : out.env.dependencies) {
    auto it = by_kind.find(model::to_string(d.kind));
    if (d.image.empty() && it != by_kind.end()) d.image = it->second;
  }
}

/// `target.namespace` of a kubernetes target (decode_target refuses it on
/// other kinds), or null.
const Node* target_namespace(const Node* target, const Node* kind) {
  if (!target || !target->is_map() || !kind || !kind->is_scalar() || kind->text() != "kubernetes") return nullptr;
  return target->find("namespace");
}

/// Top-level scope: env.* and var.*.
void build_scope(const Node& tree, const LoadOptions& o, model::Environment& env, Diagnostics& diags,
                 SourceMap& sources, InterpolationScope& scope) {
  MapReader r(&tree, "", diags, &sources);
  r.known({"target", "secrets", "state", "dependencies", "services", "defaults", "images"});
  r.string("stack", env.stack, true);
  env.name = o.environment;
  scope.set_text("env.name", env.name);
  scope.set_text("env.stack", env.stack);
  // The target kind as written, so environment-level values can use it too;
  // decode_target checks it.
  const Node* target = tree.find("target");
  const Node* kind = target && target->is_map() ? target->find("kind") : nullptr;
  scope.set_text("env.target", kind && kind->is_scalar() ? kind->text() : "");
  if (const Node* vars = r.get("vars")) {
    Node v = *vars;
    interpolate(v, scope, "vars", diags);
    MapReader vr(&v, "vars", diags, &sources);
    if (vr.present())
      for (const auto& e : v.entries()) {
        vr.get(e.key);
        scope.set_tree("var." + e.key, *e.value);
      }
  }
  auto interpolated_string = [&](const char* key, std::string& out) {
    if (const Node* n = r.get(key)) {
      Node copy = *n;
      interpolate(copy, scope, key, diags);
      read_string(copy, key, diags, out);
    }
  };
  env.namespace_name = env.name;
  interpolated_string("namespace", env.namespace_name);
  // A kubernetes target may name the namespace it deploys into instead.
  std::string namespace_path = "namespace";
  if (const Node* ns = target_namespace(target, kind)) {
    namespace_path = "target.namespace";
    sources.record(namespace_path, ns->mark());
    if (const Node* top = r.get("namespace"))
      diags.error(ns->mark(), namespace_path,
                  "the namespace is also set by \"namespace\" at " + top->mark().where() + "; keep one of them");
    Node copy = *ns;
    interpolate(copy, scope, namespace_path, diags);
    read_string(copy, namespace_path, diags, env.namespace_name);
  }
  interpolated_string("domain", env.domain);
  if (o.copy) {
    env.copy = model::Copy{*o.copy, env.name, o.copy_ttl};
    env.namespace_name += "-" + *o.copy;
    if (!env.domain.empty()) env.domain = *o.copy + "." + env.domain;
  }
  check_name(env.namespace_name, sources.at(namespace_path), namespace_path, "namespace", diags);
  scope.set_text("env.namespace", env.namespace_name);
  scope.set_text("env.domain", env.domain);
  scope.set_text("env.instance", env.instance_name());
  MapReader labels(r.get("labels"), "labels", diags, &sources);
  if (labels.present())
    for (const auto& e : labels.node()->entries()) {
      std::string v;
      Node copy = *e.value;
      interpolate(copy, scope, labels.child_path(e.key), diags);
      if (labels.get(e.key) && read_string(copy, labels.child_path(e.key), diags, v)) env.labels[e.key] = v;
    }
}

void load_services(const Node& tree, const LoadOptions& o, LoadedEnvironment& out, SourceMap& sources,
                   DecodeContext& ctx) {
  const std::vector<std::string> names = list_services(o.root);
  const Node defaults = read_service_defaults(tree.find("defaults"), out.diags, sources);
  MapReader overrides(tree.find("services"), "services", out.diags, &sources);
  if (overrides.present())
    for (const auto& e : overrides.node()->entries()) {
      overrides.known({e.key.c_str()});
      if (std::find(names.begin(), names.end(), e.key) == names.end())
        out.diags.error(e.key_mark, "services." + e.key,
                        "unknown service " + quote(e.key) + did_you_mean(e.key, names) +
                            " (services are the folders under services/ with a service.yaml)");
    }
  for (const auto& ov : o.overrides) {
    if (ov.path.size() < 3 || !segment_matches(ov, ov.path[0], "services")) continue;
    bool known = false;
    for (const auto& name : names) known = known || segment_matches(ov, ov.path[1], name);
    if (!known)
      out.diags.error(make_mark(ov.origin), "services." + ov.path[1],
                      "unknown service " + quote(ov.path[1]) + did_you_mean(ov.path[1], names));
  }
  for (const auto& name : names) {
    const std::string display = "services/" + name + "/service.yaml";
    Node merged = defaults;
    try {
      deep_merge(merged, parse_yaml_file((o.root / display).string(), display));
    } catch (const InvalidInput& e) {
      for (const auto& d : e.diagnostics()) out.diags.error(d.mark, d.path, d.message);
      continue;
    }
    if (const Node* env_override = overrides.get(name)) deep_merge(merged, *env_override);
    apply_overrides_reporting(merged, service_overrides(o.overrides, name), out.diags);
    merged.set_mark(make_mark(display, 1, 1));
    check_name(name, merged.mark(), "services." + name, "service name", out.diags);
    InterpolationScope scope = out.scope;
    scope.set_text("service.name", name);
    interpolate(merged, scope, "services." + name, out.diags, {"env"});
    DecodeContext service_ctx{ctx.diags, ctx.sources, scope, ctx.target, ctx.root};
    model::Service svc;
    svc.source = display;
    if (decode_service(merged, name, service_ctx, svc)) out.env.services.push_back(std::move(svc));
  }
}

}  // namespace

std::vector<std::string> list_environments(const fs::path& root) {
  return sorted_names(root / "environments", ".yaml", false);
}

std::vector<std::string> list_services(const fs::path& root) { return sorted_names(root / "services", "", true); }

LoadedEnvironment load_environment(const LoadOptions& o) {
  LoadedEnvironment out;
  SourceMap& sources = out.sources;
  MergedFiles merged = read_extends_chain(o.root, o.environment, out.diags);
  out.env.files = merged.files;
  out.abstract = merged.abstract;
  if (merged.abstract) {
    out.diags.error(
        merged.abstract_mark, "abstract",
        "environment " + quote(o.environment) + " is abstract: it can only be extended by other environments");
    return out;
  }
  Node& tree = merged.tree;
  if (!out.diags.empty()) return out;  // a broken chain: the rest would only echo it
  apply_overrides_reporting(tree, environment_overrides(o.overrides), out.diags);
  check_name(o.environment, make_mark("environments/" + o.environment + ".yaml"), "", "environment name", out.diags);
  if (o.copy) check_name(*o.copy, make_mark("--copy " + *o.copy), "", "copy name", out.diags);

  build_scope(tree, o, out.env, out.diags, sources, out.scope);
  interpolate(tree, out.scope, "", out.diags, {"services", "vars", "env"});

  DecodeContext ctx{out.diags, sources, out.scope, model::TargetKind::docker, o.root};
  if (!tree.find("target"))
    out.diags.error(make_mark(out.env.files.back(), 1, 1), "target",
                    "missing required key \"target\" (e.g. target: {kind: docker}) in this file or one it extends");
  else
    decode_target(tree.find("target"), "target", ctx, out.env.target);
  decode_secrets_store(tree.find("secrets"), "secrets", ctx, out.env);
  decode_state(tree.find("state"), "state", ctx, out.env);
  MapReader deps(tree.find("dependencies"), "dependencies", out.diags, &sources);
  if (deps.present())
    for (const auto& e : deps.node()->entries()) {
      deps.get(e.key);
      check_name(e.key, e.key_mark, "dependencies." + e.key, "dependency name", out.diags);
      model::Dependency d;
      decode_dependency(*e.value, e.key, ctx, d);
      out.env.dependencies.push_back(std::move(d));
    }
  std::sort(out.env.dependencies.begin(), out.env.dependencies.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  apply_kind_images(tree.find("images"), out, sources);

  load_services(tree, o, out, sources, ctx);
  validate_environment(out.env, sources, out.diags);
  if (out.env.copy) scale_down_copy(out.env);
  return out;
}

}  // namespace stackctl::config
