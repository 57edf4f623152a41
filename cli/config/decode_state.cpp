// `state: {backend: gcs | s3 | local, bucket: NAME, prefix: PATH}`: where
// Terraform keeps a cloud environment's state. Defaults: a GCS bucket
// "<project>-stackctl-state" on gcp, an S3 bucket
// "<stack>-stackctl-state[-<account>]" on aws, prefix "<stack>/<instance>"
// (so a copy has its own state). Docker and kubernetes targets have no
// Terraform state.
#include "config/decode.hpp"
#include "config/reader.hpp"

namespace stackctl::config {
namespace {

using model::StateBackend;
using model::TargetKind;

StateBackend default_backend(TargetKind t) { return t == TargetKind::aws ? StateBackend::s3 : StateBackend::gcs; }

std::string default_bucket(const model::Environment& env) {
  if (env.state.backend == StateBackend::gcs) return env.target.project + "-stackctl-state";
  if (env.state.backend == StateBackend::s3)
    return env.stack + "-stackctl-state" + (env.target.account.empty() ? "" : "-" + env.target.account);
  return "";
}

}  // namespace

void decode_state(const Node* node, const std::string& path, DecodeContext& ctx, model::Environment& env) {
  MapReader r(node, path, ctx.diags, &ctx.sources);
  const TargetKind target = env.target.kind;
  if (target == TargetKind::docker || target == TargetKind::kubernetes) {
    if (r.present())
      ctx.diags.error(node->mark(), path,
                      std::string("\"state\" applies to gcp and aws targets (Terraform state); a ") +
                          model::to_string(target) + " target has none");
    return;
  }
  env.state.backend = default_backend(target);
  if (r.present()) {
    r.known({"backend", "bucket", "prefix"});
    if (r.choice<StateBackend>("backend", env.state.backend,
                               {{"gcs", StateBackend::gcs}, {"s3", StateBackend::s3}, {"local", StateBackend::local}})) {
      const bool mismatch = (env.state.backend == StateBackend::gcs && target != TargetKind::gcp) ||
                            (env.state.backend == StateBackend::s3 && target != TargetKind::aws);
      if (mismatch)
        ctx.diags.error(r.get("backend")->mark(), r.child_path("backend"),
                        std::string("backend \"") + model::to_string(env.state.backend) + "\" does not fit a " +
                            model::to_string(target) + " target; use \"" +
                            model::to_string(default_backend(target)) + "\" or \"local\"");
    }
    r.string("bucket", env.state.bucket);
    r.string("prefix", env.state.prefix);
    if (env.state.backend == StateBackend::local)
      for (const char* key : {"bucket", "prefix"})
        if (const Node* n = r.get(key))
          ctx.diags.error(n->mark(), r.child_path(key),
                          std::string("\"") + key + "\" applies to a remote backend, not \"local\"");
    r.finish();
  }
  if (env.state.backend == StateBackend::local) return;
  if (env.state.bucket.empty()) env.state.bucket = default_bucket(env);
  if (env.state.prefix.empty()) env.state.prefix = env.stack + "/" + env.instance_name();
}

}  // namespace stackctl::config
