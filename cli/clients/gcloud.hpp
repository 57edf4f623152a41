// Drives the gcloud CLI for the GCP target: the login and project checks,
// cluster credentials into a private kubeconfig, and an access token.
// CLOUDSDK_CONFIG, when the user set it, is inherited as it is; prompts are
// off (CLOUDSDK_CORE_DISABLE_PROMPTS=1, stdin /dev/null).
//
// argv, exactly:
//   gcloud auth list --format=json
//   gcloud projects describe PROJECT --format=json
//   gcloud container clusters get-credentials NAME --location LOC --project P   (KUBECONFIG=PATH)
//   gcloud auth print-access-token
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "clients/process.hpp"

namespace stackctl::clients {

struct GcloudOptions {
  std::string binary = "gcloud";
  std::map<std::string, std::string> env;  ///< extra entries for every call
};

class Gcloud {
 public:
  explicit Gcloud(GcloudOptions options = {});

  /// The active account, after checking that PROJECT is reachable with it.
  /// AccessError: "not logged in to gcloud: run `gcloud auth login` and
  /// `gcloud auth application-default login`", or "project P is not
  /// accessible to ACCOUNT ..." (missing, no permission, being deleted).
  std::string check_auth(const std::string& project);

  /// Writes the cluster's credentials into `kubeconfig` only (KUBECONFIG in
  /// the child, never ~/.kube/config); the file is mode 0600, its folder made.
  void get_credentials(const std::string& cluster, const std::string& location, const std::string& project,
                       const std::filesystem::path& kubeconfig);

  /// `gcloud auth print-access-token`: a secret, returned and never logged.
  std::string access_token();

  ProcessSpec base_spec() const;

 private:
  ProcessResult run(std::vector<std::string> args, const std::map<std::string, std::string>& extra_env = {});
  GcloudOptions options_;
};

/// The account whose status is ACTIVE in `gcloud auth list --format=json`.
std::optional<std::string> active_account(const nlohmann::json& auth_list);

/// The message of AccessError when no account is active.
extern const char* const kGcloudNotLoggedIn;

}  // namespace stackctl::clients
