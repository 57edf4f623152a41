// Drives kubectl for the cluster targets. Every call names its kubeconfig
// (`--kubeconfig PATH`: on gcp/aws a private file from gcloud/aws, so the
// user's ~/.kube/config is never read or changed; on a kubernetes target the
// one the environment names) and optionally a context.
//
// Deploy: server-side apply with field manager "stackctl" and pruning
// through kubectl's ApplySet (KUBECTL_APPLYSET=true, --prune
// --applyset=configmaps/NAME, parent in the environment's namespace):
//   kubectl --kubeconfig P apply --server-side --field-manager=stackctl
//     --force-conflicts --prune --applyset=configmaps/NAME --namespace NS
//     -f DIR --recursive
// Why not `--prune -l SEL --prune-allowlist=...`: kubectl refuses that
// combination with --server-side ("--prune is in alpha and doesn't currently
// work on objects created by server-side apply"), and --prune-allowlist is
// rejected together with --applyset. The ApplySet parent must live in an
// existing namespace: create it first (ensure_namespace), and keep the
// cluster-scoped Namespace object out of the applied files.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/process.hpp"

namespace stackctl::clients {

struct KubectlOptions {
  std::string binary = "kubectl";
  std::filesystem::path kubeconfig;  ///< required
  std::optional<std::string> context;
  std::map<std::string, std::string> env;
  LineCallback on_output_line;                                            ///< apply and rollout output, as it comes
  std::string install_hint = "docs/targets/gcp.md, docs/targets/aws.md";  ///< when kubectl is missing
};

/// One kind the Kubernetes renderer (cli/render/kubernetes*.cpp) writes.
struct RenderedKind {
  std::string_view group_version_kind;  ///< prune-allowlist form: core/v1/ConfigMap, apps/v1/Deployment
  std::string_view resource;            ///< kubectl resource name: configmaps, deployments.apps
  bool data = false;                    ///< holds data (PersistentVolumeClaim): never deleted by delete_workloads
  bool cluster_scoped = false;          ///< Namespace
  bool custom = false;                  ///< a CRD that may be absent (SecretProviderClass)
};
const std::vector<RenderedKind>& rendered_kinds();

struct ContainerStatus {
  std::string name;
  bool ready = false;
  int restart_count = 0;
  std::string state;   ///< waiting, running, terminated
  std::string reason;  ///< CrashLoopBackOff, ImagePullBackOff, Error, ...
  std::string message;
  std::string last_termination_reason;  ///< lastState.terminated.reason
  std::optional<int> last_exit_code;
};

struct PodEvent {
  std::string type;    ///< Normal, Warning
  std::string reason;  ///< BackOff, Failed, FailedScheduling
  std::string message;
  int count = 1;
  std::string time;  ///< lastTimestamp, else eventTime, else creationTimestamp
};

struct PodFailure {
  std::string name;
  std::string phase;
  std::string condition;                    ///< the Ready (else PodScheduled) condition's reason/message
  std::vector<ContainerStatus> containers;  ///< init containers first
  std::vector<PodEvent> events;             ///< oldest first
  std::string logs;                         ///< the last 20 lines of each container, or why none
};

struct FailureReport {
  std::vector<PodFailure> pods;
  /// For people: per pod its phase, containers (with waiting reasons), events, logs.
  std::string format() const;
};

/// The pods of `kubectl get pods -o json` that are not Ready (completed pods
/// of phase Succeeded are not failures), without events or logs.
std::vector<PodFailure> unready_pods(const nlohmann::json& pod_list);
/// `kubectl get events -o json`, sorted oldest first.
std::vector<PodEvent> parse_events(const nlohmann::json& event_list);

class Kubectl {
 public:
  explicit Kubectl(KubectlOptions options);

  /// Server-side apply of files/folders (recursive) with ApplySet pruning; see
  /// the file comment. Returns kubectl's stdout ("deployment.apps/x serverside-applied").
  std::string apply_server_side(const std::vector<std::filesystem::path>& paths, const std::string& ns,
                                const std::string& applyset_name);

  /// Server-side apply of one object (or a List) from stdin: for the Secret
  /// and ConfigMap made at deploy time, whose values must never be in argv or
  /// a file. Secret values are masked in errors.
  void apply_stdin(const nlohmann::json& manifest);

  /// Creates the namespace (server-side apply from stdin) with `labels`.
  void ensure_namespace(const std::string& ns, const std::map<std::string, std::string>& labels = {});

  /// Whether the cluster has the CSIDriver `name` (kubectl get csidriver NAME
  /// -o name): false when the API server answers NotFound; any other failure
  /// (no connection, no permission) throws CommandError.
  bool has_csi_driver(const std::string& name);

  /// kubectl rollout status KIND/NAME --namespace NS --timeout=Ns: throws
  /// CommandError when it does not finish (timed out, progress deadline).
  void rollout_status(const std::string& kind_name, const std::string& ns, std::chrono::seconds timeout);

  /// Why pods matching `selector` are not Ready: their container statuses,
  /// events (kubectl get events --field-selector involvedObject.name=POD) and
  /// the last 20 log lines (kubectl logs POD --all-containers --tail=20).
  FailureReport failure_report(const std::string& ns, const std::string& selector);

  /// Deletes the rendered workload kinds matching `selector` in `ns` (not
  /// PersistentVolumeClaims, the Namespace, Secrets or custom resources),
  /// waiting for them to go.
  void delete_workloads(const std::string& ns, const std::string& selector);

  /// The API server's version (`kubectl get --raw /version`, which any
  /// authenticated user may read): throws CommandError when the context is
  /// unknown or the cluster cannot be reached.
  std::string server_version();

  /// `kubectl get RESOURCES --namespace NS -l SELECTOR -o json`: a List.
  nlohmann::json get_labelled(const std::string& resources, const std::string& ns, const std::string& selector);

  /// Deletes RESOURCES (kubectl names, comma-separated) matching `selector`
  /// in `ns`, waiting for them to go; none is fine.
  void delete_labelled(const std::string& resources, const std::string& ns, const std::string& selector);

  /// `kubectl logs` of every container of the pods matching `selector`, each
  /// line with its `[pod/POD/CONTAINER]` prefix and timestamp, to `on_line`
  /// as it comes (follow: until kubectl ends). since: unix seconds; tail:
  /// last N lines per container (default all, not kubectl's 10 with -l).
  void logs(const std::string& ns, const std::string& selector, bool follow, std::optional<int64_t> since,
            std::optional<int> tail, const LineCallback& on_line);

  /// kubectl --kubeconfig P [--context C]
  std::vector<std::string> base_argv() const;
  ProcessSpec base_spec() const;

 private:
  ProcessResult run(std::vector<std::string> args, const LineCallback& on_line = {},
                    std::optional<std::string> stdin_data = {}, std::vector<std::string> mask = {},
                    const std::map<std::string, std::string>& extra_env = {});
  KubectlOptions options_;
};

/// The label selector of one stackctl environment's objects, as rendered:
/// "app.kubernetes.io/managed-by=stackctl,stackctl.dev/environment=INSTANCE".
std::string instance_selector(const std::string& instance);

}  // namespace stackctl::clients
