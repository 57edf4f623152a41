#include <algorithm>
#include <regex>

#include "config/decode.hpp"
#include "config/names.hpp"
#include "config/reader.hpp"

namespace stackctl::config {
namespace {

using model::DependencyKind;
using model::Placement;
using model::TargetKind;

struct KindDefaults {
  const char* version;
  int port;
};

KindDefaults defaults_for(DependencyKind k) {
  switch (k) {
    case DependencyKind::postgres:
      return {"15", 5432};
    case DependencyKind::mysql:
      return {"8.0", 3306};
    case DependencyKind::redis:
      return {"7.2", 6379};
    case DependencyKind::activemq:
      return {"5.18.3", 61616};
    case DependencyKind::lmdb_volume:
      return {"", 0};
  }
  return {"", 0};
}

/// Where a dependency runs when the file says `placement: auto` (the default).
Placement automatic_placement(DependencyKind k, TargetKind t) {
  if (t == TargetKind::docker) return Placement::container;
  if (t == TargetKind::kubernetes) return Placement::cluster;  // no cloud behind it
  if (k == DependencyKind::lmdb_volume) return Placement::cluster;
  if (k == DependencyKind::activemq && t == TargetKind::gcp) return Placement::cluster;  // no managed ActiveMQ on GCP
  return Placement::managed;
}

std::string check_placement(DependencyKind k, Placement p, TargetKind t) {
  if (p != Placement::cluster && t == TargetKind::kubernetes)
    return "a kubernetes target runs dependencies in the cluster (StatefulSets); use placement \"cluster\" or "
           "\"auto\"";
  if (p == Placement::container && t != TargetKind::docker)
    return "placement \"container\" needs a docker target; use \"cluster\" or \"managed\"";
  if (p != Placement::container && t == TargetKind::docker)
    return "a docker target runs dependencies as containers; use placement \"container\" or \"auto\"";
  if (p == Placement::managed && k == DependencyKind::lmdb_volume) return "an lmdb-volume cannot be managed";
  if (p == Placement::managed && k == DependencyKind::activemq && t == TargetKind::gcp)
    return "GCP has no managed ActiveMQ; use placement \"cluster\"";
  return "";
}

std::string default_database(const std::string& name) {
  std::string db = name;
  std::replace(db.begin(), db.end(), '-', '_');
  return db;
}

void decode_backup(const Node* n, const std::string& path, DecodeContext& ctx, model::Backup& out) {
  if (!n) return;
  static const std::vector<std::pair<const char*, std::string>> schedules = {
      {"none", "none"}, {"hourly", "hourly"}, {"daily", "daily"}, {"weekly", "weekly"}};
  if (n->is_scalar()) {  // shorthand: `backup: daily`
    Node wrapper = Node::map(n->mark());
    wrapper.set("schedule", *n, n->mark());
    MapReader r(&wrapper, path, ctx.diags, &ctx.sources);
    r.choice("schedule", out.schedule, schedules);
    return;
  }
  MapReader r(n, path, ctx.diags, &ctx.sources);
  r.choice("schedule", out.schedule, schedules);
  r.integer("retain_days", out.retain_days, 1, 3650);
  r.boolean("point_in_time", out.point_in_time);
}

}  // namespace

void decode_dependency(const Node& node, const std::string& name, DecodeContext& ctx, model::Dependency& out) {
  const std::string path = "dependencies." + name;
  MapReader r(&node, path, ctx.diags, &ctx.sources);
  if (!r.present()) return;
  out.name = name;
  r.choice<DependencyKind>("kind", out.kind,
                           {{"postgres", DependencyKind::postgres},
                            {"mysql", DependencyKind::mysql},
                            {"redis", DependencyKind::redis},
                            {"activemq", DependencyKind::activemq},
                            {"lmdb-volume", DependencyKind::lmdb_volume}},
                           true);
  const KindDefaults d = defaults_for(out.kind);
  out.version = d.version;
  out.port = d.port;
  r.string("version", out.version);
  r.choice<model::Tier>("tier", out.tier,
                        {{"micro", model::Tier::micro},
                         {"small", model::Tier::small},
                         {"medium", model::Tier::medium},
                         {"large", model::Tier::large}});
  std::string placement = "auto";
  r.choice<std::string>("placement", placement,
                        {{"auto", "auto"}, {"managed", "managed"}, {"cluster", "cluster"}, {"container", "container"}});
  out.placement = placement == "auto"      ? automatic_placement(out.kind, ctx.target)
                  : placement == "managed" ? Placement::managed
                  : placement == "cluster" ? Placement::cluster
                                           : Placement::container;
  if (std::string problem = check_placement(out.kind, out.placement, ctx.target); !problem.empty()) {
    const Node* at = r.get("placement");
    ctx.diags.error(at ? at->mark() : node.mark(), r.child_path("placement"), problem);
  }
  decode_backup(r.get("backup"), r.child_path("backup"), ctx, out.backup);
  r.string("storage", out.storage);
  if (!is_quantity(out.storage))
    ctx.diags.error(r.get("storage") ? r.get("storage")->mark() : node.mark(), r.child_path("storage"),
                    "invalid storage size " + quote(out.storage) + " (e.g. 10Gi)");
  r.string("image", out.image);
  if (r.boolean("high_availability", out.high_availability) && out.high_availability &&
      out.placement != Placement::managed && out.kind != DependencyKind::redis)
    ctx.diags.error(r.get("high_availability")->mark(), r.child_path("high_availability"),
                    std::string("high availability needs a managed ") + model::to_string(out.kind) +
                        " (placement \"managed\"): the " + model::to_string(out.placement) +
                        " image runs a single instance");

  const bool sql = out.kind == DependencyKind::postgres || out.kind == DependencyKind::mysql;
  const bool has_credentials = sql || out.kind == DependencyKind::activemq || out.kind == DependencyKind::redis;
  auto only_for = [&](const char* key, bool applies, const char* kinds) {
    if (!applies && r.get(key))
      ctx.diags.error(
          r.get(key)->mark(), r.child_path(key),
          quote(key) + " does not apply to a " + model::to_string(out.kind) + " dependency (only " + kinds + ")");
    return applies;
  };
  if (only_for("seed", sql, "postgres, mysql")) {
    MapReader seed(r.get("seed"), r.child_path("seed"), ctx.diags, &ctx.sources);
    if (seed.present()) {
      model::Seed s;
      if (seed.string("sql", s.sql, true) && !std::filesystem::is_regular_file(ctx.root / s.sql))
        ctx.diags.error(seed.get("sql")->mark(), seed.child_path("sql"),
                        "seed file " + quote(s.sql) + " not found (paths are relative to the project root)");
      out.seed = s;
    }
  }
  if (only_for("database", sql, "postgres, mysql")) {
    out.database = default_database(name);
    r.string("database", out.database);
  }
  if (only_for("user", sql || out.kind == DependencyKind::activemq, "postgres, mysql, activemq")) {
    out.user = "app";
    r.string("user", out.user);
  }
  if (only_for("password_secret", has_credentials, "postgres, mysql, redis, activemq")) {
    out.password_secret = name + "-password";
    r.string("password_secret", out.password_secret);
  }
  if (only_for("cluster", out.kind == DependencyKind::redis, "redis")) r.boolean("cluster", out.cluster);
  if (only_for("shards", out.kind == DependencyKind::redis, "redis")) {
    out.shards = out.cluster ? 3 : 1;
    if (r.integer("shards", out.shards, 1, 500) && out.cluster && out.shards < 3)
      ctx.diags.error(r.get("shards")->mark(), r.child_path("shards"), "a Redis cluster needs at least 3 shards");
  }
  if (only_for("port", out.kind != DependencyKind::lmdb_volume, "network dependencies"))
    r.integer("port", out.port, 1, 65535);
}

// Why KEY cannot encrypt the cluster's Secrets, or "" when it can: its form
// (a Cloud KMS key name, or a KMS key/alias ARN) and its region, which must
// be the cluster's (GKE and EKS both refuse a key from another region).
static std::string secrets_key_problem(const model::Target& t) {
  const std::string& key = t.secrets_encryption_key;
  std::smatch m;
  if (t.kind == TargetKind::gcp) {
    static const std::regex kName(
        "^projects/([a-z0-9-]+)/locations/([a-z0-9-]+)/keyRings/[A-Za-z0-9_-]+/cryptoKeys/[A-Za-z0-9_-]+$");
    if (!std::regex_match(key, m, kName))
      return "expected a Cloud KMS key name projects/PROJECT/locations/" + t.region +
             "/keyRings/RING/cryptoKeys/KEY, got " + quote(key);
    if (m[2] != t.region)
      return "the key is in " + quote(m[2].str()) + ", the cluster in " + quote(t.region) +
             ": GKE needs a key in the cluster's region";
    return "";
  }
  static const std::regex kArn("^arn:aws[a-z-]*:kms:([a-z0-9-]+):[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$");
  if (!std::regex_match(key, m, kArn))
    return "expected a KMS key or alias ARN arn:aws:kms:" + t.region + ":ACCOUNT:key/ID, got " + quote(key);
  if (m[1] != t.region)
    return "the key is in " + quote(m[1].str()) + ", the cluster in " + quote(t.region) +
           ": EKS needs a key in the cluster's region";
  return "";
}

void decode_target(const Node* node, const std::string& path, DecodeContext& ctx, model::Target& out) {
  MapReader r(node, path, ctx.diags, &ctx.sources);
  if (!r.present()) {
    const Mark at = node ? node->mark() : Mark{};
    ctx.diags.error(at, path, "missing target (e.g. target: {kind: docker})");
    return;
  }
  r.choice<TargetKind>("kind", out.kind,
                       {{"docker", TargetKind::docker},
                        {"gcp", TargetKind::gcp},
                        {"aws", TargetKind::aws},
                        {"kubernetes", TargetKind::kubernetes}},
                       true);
  auto refuse = [&](const char* key) {
    if (const Node* n = r.get(key))
      ctx.diags.error(n->mark(), r.child_path(key),
                      quote(key) + " does not apply to a " + model::to_string(out.kind) + " target");
  };
  auto only = [&](const char* key, TargetKind kind, std::string& field, bool required) {
    if (out.kind == kind)
      r.string(key, field, required);
    else
      refuse(key);
  };
  only("host", TargetKind::docker, out.host, false);
  only("tls_dir", TargetKind::docker, out.tls_dir, false);
  only("project", TargetKind::gcp, out.project, true);
  only("account", TargetKind::aws, out.account, false);
  only("endpoint", TargetKind::aws, out.endpoint, false);
  if (!out.endpoint.empty() && out.endpoint.rfind("http://", 0) != 0 && out.endpoint.rfind("https://", 0) != 0)
    ctx.diags.error(r.get("endpoint")->mark(), r.child_path("endpoint"),
                    "expected an http:// or https:// URL (an AWS API emulator), got " + quote(out.endpoint));
  if (out.kind == TargetKind::gcp || out.kind == TargetKind::aws) {
    r.string("region", out.region, true);
    r.string("secrets_encryption_key", out.secrets_encryption_key);
  } else {
    refuse("region");
    refuse("secrets_encryption_key");
  }
  decode_kubernetes_target(r, ctx, out);
  if (!out.secrets_encryption_key.empty()) {
    if (std::string problem = secrets_key_problem(out); !problem.empty())
      ctx.diags.error(r.get("secrets_encryption_key")->mark(), r.child_path("secrets_encryption_key"), problem);
  }
  if (!out.host.empty() && out.host.rfind("tcp://", 0) != 0 && out.host.rfind("ssh://", 0) != 0 &&
      out.host.rfind("unix://", 0) != 0)
    ctx.diags.error(r.get("host")->mark(), r.child_path("host"),
                    "expected tcp://HOST:PORT, ssh://USER@HOST or unix:///PATH, got " + quote(out.host));
  ctx.target = out.kind;
}

}  // namespace stackctl::config
