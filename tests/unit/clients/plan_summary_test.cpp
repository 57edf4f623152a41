// cloud/plan_summary: every action list of terraform's plan JSON, counted
// like terraform counts it, protected destroys and the printed plan.
#include <doctest/doctest.h>

#include "clients/plan_summary.hpp"

using namespace stackctl::clients;
using nlohmann::json;

namespace {
json change(const std::string& address, const std::string& type, json actions, const char* mode = "managed") {
  return {{"address", address}, {"mode", mode}, {"type", type}, {"name", "x"},
          {"change", {{"actions", actions}, {"before", nullptr}, {"after", nullptr}}}};
}
json plan_of(json changes) { return {{"format_version", "1.2"}, {"terraform_version", "1.11.4"}, {"resource_changes", changes}}; }
}  // namespace

TEST_CASE("plan summary: counts each action kind") {
  auto s = parse_plan_json(plan_of(json::array({
      change("aws_s3_bucket.a", "aws_s3_bucket", {"create"}),
      change("aws_iam_role.r", "aws_iam_role", {"update"}),
      change("aws_db_instance.db", "aws_db_instance", {"delete"}),
      change("google_storage_bucket.b", "google_storage_bucket", {"delete", "create"}),
      change("aws_security_group.s", "aws_security_group", {"create", "delete"}),
      change("terraform_data.n", "terraform_data", {"no-op"}),
      change("data.aws_s3_bucket.d", "aws_s3_bucket", {"read"}, "data"),
      change("aws_ecr_repository.old", "aws_ecr_repository", {"forget"}),
  })));
  CHECK(s.creates == 1);
  CHECK(s.updates == 1);
  CHECK(s.deletes == 1);
  CHECK(s.replaces == 2);
  CHECK(s.no_ops == 1);
  CHECK(s.reads == 1);
  CHECK(s.forgets == 1);
  CHECK(s.has_changes());
  CHECK(s.headline() == "Plan: 3 to add, 1 to change, 3 to destroy, 1 to forget.");
  REQUIRE(s.changes.size() == 8);
  CHECK(s.changes[3].kind == ChangeKind::replace);
  CHECK(s.changes[4].kind == ChangeKind::replace_create_first);
  CHECK_FALSE(s.changes[6].protected_type);  // a data source is never protected

  auto prot = s.protected_destroys();
  REQUIRE(prot.size() == 2);
  CHECK(prot[0].address == "aws_db_instance.db");
  CHECK(prot[1].address == "google_storage_bucket.b");

  CHECK(format_plan(s) ==
        "  + aws_s3_bucket.a\n"
        "  ~ aws_iam_role.r\n"
        "  - aws_db_instance.db (protected)\n"
        "-/+ google_storage_bucket.b (protected)\n"
        "+/- aws_security_group.s\n"
        " <= data.aws_s3_bucket.d\n"
        "  . aws_ecr_repository.old\n"
        "Plan: 3 to add, 1 to change, 3 to destroy, 1 to forget.\n");
}

TEST_CASE("plan summary: no changes") {
  auto s = parse_plan_json(plan_of(json::array({change("terraform_data.n", "terraform_data", {"no-op"})})));
  CHECK_FALSE(s.has_changes());
  CHECK(s.headline() == "No changes.");
  CHECK(format_plan(s) == "No changes.\n");
  CHECK_FALSE(parse_plan_json({{"format_version", "1.2"}}).has_changes());  // no resource_changes at all
}

TEST_CASE("plan summary: refuses what is not a plan, and unknown actions") {
  CHECK_THROWS(parse_plan_json(json::object()));
  CHECK_THROWS_WITH(parse_plan_json(plan_of(json::array({change("a.b", "a", {"explode"})}))),
                    doctest::Contains("unknown actions [explode] for a.b"));
}

TEST_CASE("plan summary: the protected table") {
  for (const char* t : {"google_sql_database_instance", "google_container_cluster", "aws_s3_bucket", "aws_eks_cluster",
                        "aws_mq_broker", "google_secret_manager_secret", "aws_rds_cluster"})
    CHECK_MESSAGE(is_protected_type(t), t);
  for (const char* t : {"google_sql_user", "aws_s3_bucket_policy", "terraform_data", "aws_iam_role"})
    CHECK_FALSE_MESSAGE(is_protected_type(t), t);
}
