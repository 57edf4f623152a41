// Drives the terraform CLI in one root-module folder: init, plan (to a plan
// file), show -json (a PlanSummary), apply (of that plan file), output -json.
// Every call runs non-interactively: TF_IN_AUTOMATION=1, TF_INPUT=0,
// -input=false (where terraform takes it) and -no-color.
//
// Providers: with `plugin_mirror` set, a CLI configuration file
// (.stackctl-terraformrc in the folder) installs providers only from that
// filesystem mirror and TF_CLI_CONFIG_FILE points at it, so init works
// offline and never reaches a registry; without it the user's own
// configuration (TF_CLI_CONFIG_FILE, ~/.terraformrc) is left alone.
//
// Secrets (TF_VAR_password, ...) go in `secret_env`: the child's environment
// only, never argv, masked in any CommandError.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "clients/plan_summary.hpp"
#include "clients/process.hpp"

namespace stackctl::clients {

struct TerraformOptions {
  std::string binary = "terraform";
  std::optional<std::filesystem::path> plugin_mirror;  ///< a filesystem_mirror folder (e.g. /opt/tf-plugins)
  std::map<std::string, std::string> env;              ///< plain entries (AWS_ENDPOINT_URL_..., TF_LOG, ...)
  std::map<std::string, std::string> secret_env;       ///< TF_VAR_... secrets
  LineCallback on_output_line;  ///< apply's stdout and stderr, line by line, as they come
};

struct PlanResult {
  bool has_changes = false;  ///< -detailed-exitcode: 2
  std::filesystem::path plan_file;
  std::string output;  ///< terraform's human plan (stdout)
};

class Terraform {
 public:
  /// `work_dir` holds the root module; it must exist.
  explicit Terraform(std::filesystem::path work_dir, TerraformOptions options = {});

  const std::filesystem::path& work_dir() const { return work_dir_; }

  /// terraform init -input=false -no-color [-backend-config=KEY=VALUE]...
  /// (backend settings are not secrets: they go in argv).
  void init(const std::map<std::string, std::string>& backend_config = {});
  /// terraform plan -input=false -no-color -detailed-exitcode -out=PLAN [-destroy]
  /// [-target=ADDRESS]... A relative `plan_file` is relative to the work dir.
  PlanResult plan(const std::filesystem::path& plan_file, bool destroy = false,
                  const std::vector<std::string>& targets = {});
  /// terraform show -json -no-color PLAN, parsed.
  PlanSummary show(const std::filesystem::path& plan_file);
  /// terraform apply -input=false -no-color -auto-approve PLAN; progress lines go
  /// to options.on_output_line.
  void apply(const std::filesystem::path& plan_file);
  /// terraform output -json -no-color: {NAME: {"value", "type", "sensitive"}}.
  /// Sensitive values are in it: never print it whole.
  nlohmann::json output();

  /// The process spec every call starts from (argv empty): for tests.
  ProcessSpec base_spec() const;

 private:
  void write_cli_config() const;
  ProcessResult run(std::vector<std::string> args, const std::vector<int>& ok_codes = {0},
                    const LineCallback& on_line = {});

  std::filesystem::path work_dir_;
  TerraformOptions options_;
};

/// {NAME: value} from `terraform output -json`.
nlohmann::json output_values(const nlohmann::json& output_json);

/// The CLI configuration that installs providers only from `mirror`.
std::string mirror_cli_config(const std::filesystem::path& mirror);

}  // namespace stackctl::clients
