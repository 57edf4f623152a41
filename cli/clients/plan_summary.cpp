// parse_plan_json, the protected-type table and the printable plan.
//
// Protected types (the one table): anything holding data that a destroy
// loses (databases, caches, buckets, registries, secrets, the broker), and
// the Kubernetes clusters themselves: google_container_cluster and
// aws_eks_cluster are in, because ActiveMQ on GCP and every lmdb volume live
// in the cluster (PersistentVolumeClaims), so losing the cluster loses them.
#include "clients/plan_summary.hpp"

#include <algorithm>
#include <stdexcept>

#include "app/terminal.hpp"

namespace stackctl::clients {

using nlohmann::json;

const std::vector<std::string_view>& protected_resource_types() {
  static const std::vector<std::string_view> types = {
      // GCP
      "google_sql_database_instance",
      "google_sql_database",
      "google_redis_instance",
      "google_redis_cluster",
      "google_storage_bucket",
      "google_container_cluster",
      "google_artifact_registry_repository",
      "google_secret_manager_secret",
      // AWS
      "aws_db_instance",
      "aws_rds_cluster",
      "aws_elasticache_replication_group",
      "aws_elasticache_cluster",
      "aws_mq_broker",
      "aws_s3_bucket",
      "aws_ecr_repository",
      "aws_secretsmanager_secret",
      "aws_eks_cluster",
  };
  return types;
}

bool is_protected_type(std::string_view type) {
  const auto& types = protected_resource_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

namespace {

ChangeKind kind_of(const std::vector<std::string>& actions, const std::string& address) {
  using V = std::vector<std::string>;
  if (actions == V{"create"}) return ChangeKind::create;
  if (actions == V{"update"}) return ChangeKind::update;
  if (actions == V{"delete"}) return ChangeKind::destroy;
  if (actions == V{"delete", "create"}) return ChangeKind::replace;
  if (actions == V{"create", "delete"}) return ChangeKind::replace_create_first;
  if (actions == V{"no-op"}) return ChangeKind::no_op;
  if (actions == V{"read"}) return ChangeKind::read;
  if (actions == V{"forget"}) return ChangeKind::forget;
  std::string joined;
  for (const auto& a : actions) joined += (joined.empty() ? "" : ",") + a;
  throw std::runtime_error("terraform plan: unknown actions [" + joined + "] for " + address);
}

const char* marker(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::create: return "  +";
    case ChangeKind::update: return "  ~";
    case ChangeKind::destroy: return "  -";
    case ChangeKind::replace: return "-/+";
    case ChangeKind::replace_create_first: return "+/-";
    case ChangeKind::read: return " <=";
    case ChangeKind::forget: return "  .";
    case ChangeKind::no_op: break;
  }
  return "   ";
}

bool destroys(ChangeKind kind) {
  return kind == ChangeKind::destroy || kind == ChangeKind::replace || kind == ChangeKind::replace_create_first;
}

}  // namespace

PlanSummary parse_plan_json(const json& plan) {
  if (!plan.is_object() || !plan.contains("format_version"))
    throw std::runtime_error("not a terraform plan (terraform show -json): no format_version");
  PlanSummary summary;
  for (const auto& rc : plan.value("resource_changes", json::array())) {
    ResourceChange change;
    change.address = rc.value("address", "");
    change.type = rc.value("type", "");
    for (const auto& a : rc.at("change").at("actions")) change.actions.push_back(a.get<std::string>());
    change.kind = kind_of(change.actions, change.address);
    change.protected_type = rc.value("mode", "managed") == "managed" && is_protected_type(change.type);
    switch (change.kind) {
      case ChangeKind::create: ++summary.creates; break;
      case ChangeKind::update: ++summary.updates; break;
      case ChangeKind::destroy: ++summary.deletes; break;
      case ChangeKind::replace:
      case ChangeKind::replace_create_first: ++summary.replaces; break;
      case ChangeKind::no_op: ++summary.no_ops; break;
      case ChangeKind::read: ++summary.reads; break;
      case ChangeKind::forget: ++summary.forgets; break;
    }
    summary.changes.push_back(std::move(change));
  }
  return summary;
}

std::vector<ResourceChange> PlanSummary::protected_destroys() const {
  std::vector<ResourceChange> out;
  for (const auto& c : changes)
    if (c.protected_type && destroys(c.kind)) out.push_back(c);
  return out;
}

std::string PlanSummary::headline() const {
  if (!has_changes()) return "No changes.";
  std::string line = "Plan: " + std::to_string(creates + replaces) + " to add, " + std::to_string(updates) +
                     " to change, " + std::to_string(deletes + replaces) + " to destroy";
  if (forgets) line += ", " + std::to_string(forgets) + " to forget";
  return line + ".";
}

std::string format_plan(const PlanSummary& summary, bool color) {
  const auto& term = app::Terminal::get();
  auto paint = [&](ChangeKind kind, const std::string& text) -> std::string {
    if (!color) return text;
    switch (kind) {
      case ChangeKind::create: return term.green(text);
      case ChangeKind::update: return term.yellow(text, false);
      case ChangeKind::destroy:
      case ChangeKind::replace:
      case ChangeKind::replace_create_first: return term.red(text, false);
      default: return term.dim(text);
    }
  };
  std::string out;
  for (const auto& c : summary.changes) {
    if (c.kind == ChangeKind::no_op) continue;
    std::string line = std::string(marker(c.kind)) + " " + c.address;
    if (c.protected_type && destroys(c.kind)) line += " (protected)";
    out += paint(c.kind, line) + "\n";
  }
  out += (color ? term.bold(summary.headline()) : summary.headline()) + "\n";
  return out;
}

}  // namespace stackctl::clients
