// What a terraform plan will do, read from `terraform show -json PLAN`
// (resource_changes[].change.actions), counted like terraform counts it, with
// the resources whose loss loses data singled out (protected_destroys) and a
// printable form close to terraform's own ("Plan: 3 to add, 1 to change,
// 0 to destroy.", then one "+ / ~ / - / -/+ / +/-" line per resource).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackctl::clients {

enum class ChangeKind {
  create,          ///< ["create"]
  update,          ///< ["update"]
  destroy,         ///< ["delete"]
  replace,         ///< ["delete","create"]: destroy first (terraform's -/+)
  replace_create_first,  ///< ["create","delete"]: create_before_destroy (+/-)
  no_op,           ///< ["no-op"]
  read,            ///< ["read"]: a data source read during apply
  forget,          ///< ["forget"]: removed from state, the object is kept
};

struct ResourceChange {
  std::string address;               ///< e.g. module.db.aws_db_instance.this
  std::string type;                  ///< e.g. aws_db_instance
  std::vector<std::string> actions;  ///< as terraform wrote them
  ChangeKind kind = ChangeKind::no_op;
  bool protected_type = false;       ///< is_protected_type(type)
};

struct PlanSummary {
  int creates = 0;   ///< create
  int updates = 0;   ///< update
  int deletes = 0;   ///< delete
  int replaces = 0;  ///< both replace orders
  int no_ops = 0;
  int reads = 0;
  int forgets = 0;
  std::vector<ResourceChange> changes;  ///< every managed resource and data read, in terraform's order

  bool has_changes() const { return creates + updates + deletes + replaces + forgets > 0; }
  /// Deletes and replaces of protected types: what stackctl must refuse
  /// without --purge.
  std::vector<ResourceChange> protected_destroys() const;
  /// "Plan: A to add, C to change, D to destroy." (a replace counts as one
  /// add and one destroy, as in terraform), or "No changes." when none.
  std::string headline() const;
};

/// Parses `terraform show -json PLAN`. Throws std::runtime_error on a
/// document that is not a plan (no format_version).
PlanSummary parse_plan_json(const nlohmann::json& plan);

/// One line per change that does something ("  + address", "  ~ ...",
/// "  - ...", "-/+ ...", "+/- ...", " <= ..."), protected deletes marked
/// "(protected)", then the headline. Colour through app::Terminal when `color`.
std::string format_plan(const PlanSummary& summary, bool color = false);

/// The resource types whose destruction loses data or breaks everything
/// that depends on them. The one table; see plan_summary.cpp for the choice.
const std::vector<std::string_view>& protected_resource_types();
bool is_protected_type(std::string_view type);

}  // namespace stackctl::clients
