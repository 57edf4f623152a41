// Drives the aws CLI for the AWS target: the ECR login password and an EKS
// kubeconfig written into a private file. `endpoint_url` (an emulator such as
// moto_server) adds --endpoint-url. The pager is off (AWS_PAGER=""); the
// user's AWS_PROFILE / AWS_* credentials are inherited as they are.
//
// argv, exactly:
//   aws ecr get-login-password --region R [--endpoint-url U]
//   aws eks update-kubeconfig --name N --region R --kubeconfig PATH [--endpoint-url U]
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "clients/process.hpp"

namespace stackctl::clients {

struct AwsCliOptions {
  std::string binary = "aws";
  std::map<std::string, std::string> env;         ///< extra entries for every call
  std::map<std::string, std::string> secret_env;  ///< e.g. AWS_SECRET_ACCESS_KEY, masked in errors
};

class AwsCli {
 public:
  explicit AwsCli(AwsCliOptions options = {});

  /// The password of `docker login --username AWS`: a secret, returned and
  /// never logged.
  std::string ecr_password(const std::string& region, const std::optional<std::string>& endpoint_url = {});

  /// Writes the cluster's kubeconfig into `kubeconfig` only (mode 0600, its
  /// folder made); never ~/.kube/config.
  void update_kubeconfig(const std::string& cluster, const std::string& region,
                         const std::filesystem::path& kubeconfig,
                         const std::optional<std::string>& endpoint_url = {});

  ProcessSpec base_spec() const;

 private:
  ProcessResult run(std::vector<std::string> args, const std::optional<std::string>& endpoint_url);
  AwsCliOptions options_;
};

}  // namespace stackctl::clients
