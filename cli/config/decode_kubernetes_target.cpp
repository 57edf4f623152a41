// The keys of a `kind: kubernetes` target (docs/targets/kubernetes.md):
// `kubeconfig`, `context`, `namespace` (applied by the loader, which needs it
// before interpolation) and `registry`. On other kinds each is refused.
#include <regex>

#include "config/decode.hpp"
#include "config/reader.hpp"

namespace stackctl::config {

void decode_kubernetes_target(MapReader& r, DecodeContext& ctx, model::Target& out) {
  static const char* const keys[] = {"kubeconfig", "context", "namespace", "registry"};
  if (out.kind != model::TargetKind::kubernetes) {
    for (const char* key : keys)
      if (const Node* n = r.get(key))
        ctx.diags.error(n->mark(), r.child_path(key),
                        quote(key) + " does not apply to a " + model::to_string(out.kind) + " target");
    return;
  }
  r.get("namespace");  // read by the loader
  auto non_empty = [&](const char* key, std::string& field, const char* example) {
    if (r.string(key, field) && field.empty())
      ctx.diags.error(r.get(key)->mark(), r.child_path(key),
                      std::string("must not be empty (leave it out for the default, or e.g. ") + example + ")");
  };
  non_empty("kubeconfig", out.kubeconfig, "~/.kube/config");
  non_empty("context", out.context, "minikube");
  non_empty("registry", out.registry, "localhost:5000/shop");
  // HOST[:PORT]/PATH, PATH a distribution repository prefix (lowercase components).
  static const std::regex kRegistry(
      "^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+\\])"
      "(:[0-9]{1,5})?(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)+$");
  if (!out.registry.empty() && !std::regex_match(out.registry, kRegistry))
    ctx.diags.error(
        r.get("registry")->mark(), r.child_path("registry"),
        "expected HOST[:PORT]/PATH (images go to HOST[:PORT]/PATH/SERVICE), e.g. localhost:5000/shop, got " +
            quote(out.registry));
}

}  // namespace stackctl::config
