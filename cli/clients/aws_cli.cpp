// AwsCli: argv per call; the "Unable to locate credentials" case mapped to
// an AccessError that says what to run.
#include "clients/aws_cli.hpp"

#include "clients/private_file.hpp"

namespace stackctl::clients {

namespace {
constexpr const char* kInstallHint = "docs/targets/aws.md";
}

AwsCli::AwsCli(AwsCliOptions options) : options_(std::move(options)) {}

ProcessSpec AwsCli::base_spec() const {
  ProcessSpec spec;
  spec.env = options_.env;
  spec.env["AWS_PAGER"] = "";
  spec.secret_env = options_.secret_env;
  spec.install_hint = kInstallHint;
  return spec;
}

ProcessResult AwsCli::run(std::vector<std::string> args, const std::optional<std::string>& endpoint_url) {
  ProcessSpec spec = base_spec();
  spec.argv.push_back(options_.binary);
  for (auto& a : args) spec.argv.push_back(std::move(a));
  if (endpoint_url) {
    spec.argv.push_back("--endpoint-url");
    spec.argv.push_back(*endpoint_url);
  }
  try {
    return run_checked(spec);
  } catch (const CommandError& e) {
    if (e.stderr_text().find("Unable to locate credentials") != std::string::npos)
      throw AccessError("no AWS credentials: run `aws configure` or `aws sso login`, or set AWS_PROFILE (`" +
                        render_command(spec.argv) + "` failed)");
    throw;
  }
}

std::string AwsCli::ecr_password(const std::string& region, const std::optional<std::string>& endpoint_url) {
  std::string out = run({"ecr", "get-login-password", "--region", region}, endpoint_url).out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (out.empty()) throw std::runtime_error("`aws ecr get-login-password` printed no password");
  return out;
}

void AwsCli::update_kubeconfig(const std::string& cluster, const std::string& region,
                               const std::filesystem::path& kubeconfig,
                               const std::optional<std::string>& endpoint_url) {
  prepare_private_file(kubeconfig);
  run({"eks", "update-kubeconfig", "--name", cluster, "--region", region, "--kubeconfig",
       std::filesystem::absolute(kubeconfig).string()},
      endpoint_url);
  prepare_private_file(kubeconfig);
}

}  // namespace stackctl::clients
