// Gcloud: argv per call, the JSON of `auth list` and `projects describe`,
// and gcloud's errors mapped to messages that say what to run.
#include "clients/gcloud.hpp"

#include "clients/private_file.hpp"

namespace stackctl::clients {

using nlohmann::json;

const char* const kGcloudNotLoggedIn =
    "not logged in to gcloud: run `gcloud auth login` and `gcloud auth application-default login`";

namespace {

constexpr const char* kInstallHint = "docs/targets/gcp.md";

bool no_active_account(const std::string& err) {
  return err.find("do not currently have an active account") != std::string::npos ||
         err.find("No credentialed accounts") != std::string::npos;
}

// gcloud's own message without its "ERROR: (gcloud.x.y) " prefix.
std::string gcloud_reason(const std::string& err) {
  std::string tail = tail_lines(err, 8);
  auto pos = tail.find("ERROR: (");
  if (pos != std::string::npos) {
    auto close = tail.find(") ", pos);
    if (close != std::string::npos) return tail.substr(close + 2);
  }
  return tail;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\n')) ++start;
  return s.substr(start);
}

}  // namespace

std::optional<std::string> active_account(const json& auth_list) {
  if (!auth_list.is_array()) return std::nullopt;
  for (const auto& entry : auth_list)
    if (entry.is_object() && entry.value("status", "") == "ACTIVE") return entry.value("account", "");
  return std::nullopt;
}

Gcloud::Gcloud(GcloudOptions options) : options_(std::move(options)) {}

ProcessSpec Gcloud::base_spec() const {
  ProcessSpec spec;
  spec.env = options_.env;
  spec.env["CLOUDSDK_CORE_DISABLE_PROMPTS"] = "1";
  spec.install_hint = kInstallHint;
  return spec;
}

ProcessResult Gcloud::run(std::vector<std::string> args, const std::map<std::string, std::string>& extra_env) {
  ProcessSpec spec = base_spec();
  for (const auto& [k, v] : extra_env) spec.env[k] = v;
  spec.argv.push_back(options_.binary);
  for (auto& a : args) spec.argv.push_back(std::move(a));
  try {
    return run_checked(spec);
  } catch (const CommandError& e) {
    if (no_active_account(e.stderr_text())) throw AccessError(kGcloudNotLoggedIn);
    throw;
  }
}

std::string Gcloud::check_auth(const std::string& project) {
  ProcessResult list = run({"auth", "list", "--format=json"});
  json accounts;
  try {
    accounts = json::parse(list.out);
  } catch (const json::parse_error&) {
    throw std::runtime_error("`gcloud auth list --format=json` printed something other than JSON");
  }
  auto account = active_account(accounts);
  if (!account) throw AccessError(kGcloudNotLoggedIn);

  json described;
  try {
    described = json::parse(run({"projects", "describe", project, "--format=json"}).out);
  } catch (const CommandError& e) {
    throw AccessError("project " + project + " is not accessible to " + *account +
                      " (it does not exist, or the account lacks resourcemanager.projects.get; "
                      "check `gcloud projects list`): " +
                      gcloud_reason(e.stderr_text()));
  } catch (const json::parse_error&) {
    throw std::runtime_error("`gcloud projects describe " + project + "` printed something other than JSON");
  }
  std::string state = described.value("lifecycleState", "ACTIVE");
  if (state != "ACTIVE") throw AccessError("project " + project + " is " + state + ", not ACTIVE");
  return *account;
}

void Gcloud::get_credentials(const std::string& cluster, const std::string& location, const std::string& project,
                             const std::filesystem::path& kubeconfig) {
  prepare_private_file(kubeconfig);
  run({"container", "clusters", "get-credentials", cluster, "--location", location, "--project", project},
      {{"KUBECONFIG", std::filesystem::absolute(kubeconfig).string()}});
  prepare_private_file(kubeconfig);  // gcloud may have replaced the file
}

std::string Gcloud::access_token() {
  std::string token = trim(run({"auth", "print-access-token"}).out);
  if (token.empty()) throw std::runtime_error("`gcloud auth print-access-token` printed no token");
  return token;
}

}  // namespace stackctl::clients
