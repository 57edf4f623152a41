// Terraform: argv for each verb, the automation environment, the
// plugin-mirror CLI configuration, and the -detailed-exitcode of plan.
#include "clients/terraform.hpp"

#include <fstream>
#include <stdexcept>

namespace stackctl::clients {

using nlohmann::json;

namespace {

constexpr const char* kCliConfigName = ".stackctl-terraformrc";
constexpr const char* kInstallHint = "docs/targets/gcp.md, docs/targets/aws.md";

// An HCL quoted string: backslash and quote escaped, "${" and "%{" doubled.
std::string hcl_string(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' || c == '"') out += '\\';
    if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{') out += c;
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string mirror_cli_config(const std::filesystem::path& mirror) {
  return "# Written by stackctl: providers come only from this mirror (no registry).\n"
         "provider_installation {\n"
         "  filesystem_mirror {\n"
         "    path    = " +
         hcl_string(std::filesystem::absolute(mirror).string()) +
         "\n"
         "    include = [\"*/*/*\"]\n"
         "  }\n"
         "}\n";
}

json output_values(const json& output_json) {
  json values = json::object();
  for (const auto& [name, entry] : output_json.items()) values[name] = entry.value("value", json());
  return values;
}

Terraform::Terraform(std::filesystem::path work_dir, TerraformOptions options)
    : work_dir_(std::filesystem::absolute(work_dir)), options_(std::move(options)) {
  if (!std::filesystem::is_directory(work_dir_))
    throw std::runtime_error("terraform: no module folder " + work_dir_.string());
}

ProcessSpec Terraform::base_spec() const {
  ProcessSpec spec;
  spec.env = options_.env;
  spec.env["TF_IN_AUTOMATION"] = "1";
  spec.env["TF_INPUT"] = "0";
  if (options_.plugin_mirror) spec.env["TF_CLI_CONFIG_FILE"] = (work_dir_ / kCliConfigName).string();
  spec.secret_env = options_.secret_env;
  spec.working_dir = work_dir_;
  spec.install_hint = kInstallHint;
  return spec;
}

void Terraform::write_cli_config() const {
  if (!options_.plugin_mirror) return;
  if (!std::filesystem::is_directory(*options_.plugin_mirror))
    throw std::runtime_error("terraform plugin mirror " + options_.plugin_mirror->string() + " is not a folder");
  std::ofstream(work_dir_ / kCliConfigName, std::ios::trunc) << mirror_cli_config(*options_.plugin_mirror);
}

ProcessResult Terraform::run(std::vector<std::string> args, const std::vector<int>& ok_codes,
                             const LineCallback& on_line) {
  ProcessSpec spec = base_spec();
  spec.argv.push_back(options_.binary);
  for (auto& a : args) spec.argv.push_back(std::move(a));
  spec.on_stdout_line = on_line;
  spec.on_stderr_line = on_line;
  return run_checked(spec, ok_codes);
}

void Terraform::init(const std::map<std::string, std::string>& backend_config) {
  write_cli_config();
  std::vector<std::string> args = {"init", "-input=false", "-no-color"};
  for (const auto& [key, value] : backend_config) args.push_back("-backend-config=" + key + "=" + value);
  run(std::move(args));
}

PlanResult Terraform::plan(const std::filesystem::path& plan_file, bool destroy,
                           const std::vector<std::string>& targets) {
  std::vector<std::string> args = {"plan", "-input=false", "-no-color", "-detailed-exitcode",
                                   "-out=" + plan_file.string()};
  if (destroy) args.push_back("-destroy");
  for (const auto& t : targets) args.push_back("-target=" + t);
  ProcessResult r = run(std::move(args), {0, 2});
  return PlanResult{r.exit_code == 2, plan_file, std::move(r.out)};
}

PlanSummary Terraform::show(const std::filesystem::path& plan_file) {
  ProcessResult r = run({"show", "-json", "-no-color", plan_file.string()});
  json doc;
  try {
    doc = json::parse(r.out);
  } catch (const json::parse_error& e) {
    throw std::runtime_error("terraform show -json " + plan_file.string() + ": not JSON (at byte " + std::to_string(e.byte) + ")");
  }
  return parse_plan_json(doc);
}

void Terraform::apply(const std::filesystem::path& plan_file) {
  run({"apply", "-input=false", "-no-color", "-auto-approve", plan_file.string()}, {0}, options_.on_output_line);
}

json Terraform::output() {
  ProcessResult r = run({"output", "-json", "-no-color"});
  try {
    return json::parse(r.out);
  } catch (const json::parse_error& e) {
    // Never e.what(): it quotes the bytes read, and outputs can be sensitive.
    throw std::runtime_error("terraform output -json: not JSON (at byte " + std::to_string(e.byte) + ")");
  }
}

}  // namespace stackctl::clients
