// `secrets: {store: kubernetes | gcp-secret-manager | aws-secrets-manager}`:
// where the deploy puts secret values. A cloud store must match the target,
// and the identity its pods act as must be a valid name there.
#include <algorithm>

#include "config/decode.hpp"
#include "config/reader.hpp"
#include "model/secret_names.hpp"

namespace stackctl::config {
namespace {

using model::SecretStore;
using model::TargetKind;

/// Why `store` cannot be used with `env`'s target, or "".
std::string check_store(SecretStore store, const model::Environment& env) {
  const std::string name = quote(model::to_string(store));
  const std::string target = model::to_string(env.target.kind);
  const std::string identity = model::cloud_identity_name(env);
  switch (store) {
    case SecretStore::kubernetes:
      return "";
    case SecretStore::gcp_secret_manager:
      if (env.target.kind != TargetKind::gcp)
        return "store " + name + " needs a gcp target, not " + target + "; use \"kubernetes\"" +
               (env.target.kind == TargetKind::aws ? " or \"aws-secrets-manager\"" : "");
      // GCP service account ids: 6 to 30 characters.
      if (identity.size() < 6 || identity.size() > 30)
        return "the pods' GCP service account " + quote(identity) +
               " (<stack>-<environment>) must be 6 to 30 characters long, it has " + std::to_string(identity.size());
      return "";
    case SecretStore::aws_secrets_manager:
      if (env.target.kind != TargetKind::aws)
        return "store " + name + " needs an aws target, not " + target + "; use \"kubernetes\"" +
               (env.target.kind == TargetKind::gcp ? " or \"gcp-secret-manager\"" : "");
      if (env.target.account.empty())
        return "store " + name + " needs target.account (the AWS account id of the pods' IAM role)";
      if (identity.size() > 64)  // IAM role names: at most 64 characters
        return "the pods' IAM role " + quote(identity) +
               " (<stack>-<environment>) must be at most 64 characters long, it has " + std::to_string(identity.size());
      return "";
  }
  return "";
}

/// A target already reported as missing or wrong: checking against it would only echo that.
bool target_has_errors(const Diagnostics& diags) {
  return std::any_of(diags.items().begin(), diags.items().end(),
                     [](const Diagnostic& d) { return d.path == "target" || d.path.rfind("target.", 0) == 0; });
}

}  // namespace

void decode_secrets_store(const Node* node, const std::string& path, DecodeContext& ctx, model::Environment& env) {
  MapReader r(node, path, ctx.diags, &ctx.sources);
  if (!r.present()) return;
  if (!r.choice<SecretStore>("store", env.secret_store,
                             {{"kubernetes", SecretStore::kubernetes},
                              {"gcp-secret-manager", SecretStore::gcp_secret_manager},
                              {"aws-secrets-manager", SecretStore::aws_secrets_manager}}))
    return;
  if (target_has_errors(ctx.diags)) return;
  if (std::string problem = check_store(env.secret_store, env); !problem.empty())
    ctx.diags.error(r.get("store")->mark(), r.child_path("store"), problem);
}

}  // namespace stackctl::config
