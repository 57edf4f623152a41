// The typed, validated description of one environment. Produced by
// config::load_environment, consumed by render/ and the targets. Plain data:
// no YAML, no I/O. Every list is sorted by name so output is deterministic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stackctl::model {

enum class TargetKind { docker, gcp, aws, kubernetes };
const char* to_string(TargetKind k);

struct Target {
  TargetKind kind = TargetKind::docker;
  std::string host;      // docker: empty = local engine, else tcp://HOST:PORT or ssh://USER@HOST
  std::string tls_dir;   // docker: folder with ca.pem, cert.pem, key.pem
  std::string project;   // gcp
  std::string region;    // gcp, aws
  std::string account;   // aws account id
  std::string endpoint;  // aws: one endpoint for every AWS API (an emulator such as moto or LocalStack)
  // gcp: a Cloud KMS key (projects/P/locations/REGION/keyRings/R/cryptoKeys/K);
  // aws: a KMS key or alias ARN. Encrypts the cluster's Secrets (envelope
  // encryption in etcd); empty = the provider's default encryption at rest.
  std::string secrets_encryption_key;
  // kubernetes (docs/targets/kubernetes.md): the kubeconfig as written
  // (relative to the project root, ~/ = $HOME; empty: kubectl's own
  // $KUBECONFIG, else ~/.kube/config), its context (empty: the current one),
  // and HOST[:PORT]/PATH that built images are pushed to (empty: the pods use
  // the local tags). target.namespace sets Environment::namespace_name.
  std::string kubeconfig;
  std::string context;
  std::string registry;
};

/// Where Terraform keeps a cloud environment's state (`state:`). Remote
/// backends lock; `local` keeps it under .stackctl/state/ on this machine.
enum class StateBackend { gcs, s3, local };
const char* to_string(StateBackend b);

struct State {
  StateBackend backend = StateBackend::local;
  std::string bucket;  // gcs/s3: defaulted by the loader from the target
  std::string prefix;  // gcs prefix, or the s3 key's folder: "<stack>/<instance>"
};

/// Where the deploy puts secret values: a Kubernetes Secret it creates
/// itself, or entries of the cloud's secret manager that the Secrets Store CSI
/// driver syncs into that Secret (docs/secrets.md, "Cloud secret stores").
enum class SecretStore { kubernetes, gcp_secret_manager, aws_secrets_manager };
const char* to_string(SecretStore s);

/// Size tiers, smallest first; a scaled-down copy uses `micro`.
enum class Tier { micro, small, medium, large };
const char* to_string(Tier t);

struct Resources {
  std::string cpu_request = "100m";
  std::string memory_request = "128Mi";
  std::string cpu_limit;  // empty = no limit
  std::string memory_limit = "256Mi";
};

struct Autoscale {
  bool enabled = false;
  int min = 1;
  int max = 1;
  int cpu_percent = 70;  // target average CPU utilisation
};

struct Probe {
  enum class Kind { http, tcp, exec };
  Kind kind = Kind::http;
  std::string path = "/";            // http
  std::string port;                  // a port name of the service
  std::vector<std::string> command;  // exec
  int initial_delay_seconds = 0;
  int period_seconds = 10;
  int timeout_seconds = 1;
  int failure_threshold = 3;
};

struct Port {
  std::string name;  // DNS-1123 label, at most 15 characters
  int port = 0;
  std::string protocol = "TCP";  // TCP | UDP
  int publish = 0;               // docker targets: host port on 127.0.0.1 (0 = not published)
};

struct Expose {
  bool enabled = false;
  std::string host;  // Ingress host; empty = any
  std::string path = "/";
  std::string port;  // port name; default: the first port
  bool tls = false;
};

/// A value that is only known at deploy time. Rendering turns it into a
/// reference (a Secret key, an infrastructure ConfigMap key) and never a value.
struct Reference {
  enum class Kind { secret, dependency };
  Kind kind = Kind::secret;
  std::string name;   // secret name, or dependency name
  std::string field;  // dependency: host | port | database | user
};

/// An environment variable's value: literal text interleaved with references,
/// e.g. "postgres://" + ref(dep rates-db host) + ":5432/rates".
struct ValuePart {
  std::string text;  // when !ref
  std::optional<Reference> ref;
};
struct EnvValue {
  std::vector<ValuePart> parts;
  bool is_literal() const;      // no references
  std::string literal() const;  // concatenated text (references left out)
};

struct EnvVar {
  std::string name;
  EnvValue value;
};

struct Build {
  std::string context = ".";        // relative to the project root
  std::string dockerfile;           // relative to the project root
  std::vector<std::string> inputs;  // paths hashed for the image tag
  std::map<std::string, std::string> args;
};

struct Service {
  std::string name;
  std::string description;
  std::string image;  // set when the service is not built here
  std::optional<Build> build;
  std::vector<std::string> command;
  std::vector<std::string> args;
  /// How this service loads a required dependency's `seed` file: arguments to
  /// the image's entrypoint, followed by the file's path in the container.
  /// Empty: the dependency's own client loads it.
  std::vector<std::string> seed_command;
  std::vector<Port> ports;
  std::optional<Probe> readiness;
  std::optional<Probe> liveness;
  std::vector<std::string> requires_dependencies;  // dependency names, sorted
  std::vector<std::string> requires_services;      // service names, sorted
  std::vector<EnvVar> env;                         // sorted by name
  Resources resources;
  int replicas = 1;
  Autoscale autoscale;
  Expose expose;
  int termination_grace_seconds = 30;
  /// How env vars that reference a secret reach a Docker container: as files
  /// in /run/secrets with <VAR>_FILE set (default), or as plain env (opt-out
  /// for images that cannot read files; `docker inspect` then shows them).
  enum class SecretsAs { files, env } secrets_as = SecretsAs::files;
  std::string source;  // services/<name>/service.yaml
};

enum class DependencyKind { postgres, mysql, redis, activemq, lmdb_volume };
const char* to_string(DependencyKind k);

/// Where a dependency runs: a managed cloud offering, a StatefulSet in the
/// cluster, or a container on a Docker host. `automatic` is resolved by the
/// loader from the target and kind.
enum class Placement { managed, cluster, container };
const char* to_string(Placement p);

struct Backup {
  std::string schedule = "none";  // none | hourly | daily | weekly
  int retain_days = 7;
  bool point_in_time = false;
};

struct Seed {
  std::string sql;  // a .sql file, relative to the project root
};

struct Dependency {
  std::string name;
  DependencyKind kind = DependencyKind::postgres;
  std::string version;
  Tier tier = Tier::small;
  Placement placement = Placement::container;
  Backup backup;
  std::optional<Seed> seed;
  std::string database;         // postgres, mysql
  std::string user;             // postgres, mysql, activemq
  std::string password_secret;  // secret name holding the password
  bool cluster = false;         // redis: cluster mode
  int shards = 1;               // redis cluster: primaries
  bool high_availability = false;
  std::string storage = "1Gi";
  std::string image;  // docker/cluster placement: image override
  int port = 0;       // defaulted from the kind

  /// `image` when set, else the official image of the kind at `version`
  /// (postgres, mysql, redis, apache/activemq-classic). Empty for lmdb volumes.
  std::string image_reference() const;
};

/// Set on an environment derived by `--copy NAME`.
struct Copy {
  std::string name;    // the copy's own name
  std::string parent;  // the environment it was derived from
  std::string ttl = "72h";
};

struct Environment {
  std::string name;   // the environment file's name (a copy keeps its parent's)
  std::string stack;  // the stack's name, e.g. "loopstock"
  std::string namespace_name;
  std::string domain;
  Target target;
  SecretStore secret_store = SecretStore::kubernetes;  // `secrets.store`
  State state;                                         // cloud targets only
  std::vector<std::string> files;                      // the extends chain, root first
  std::map<std::string, std::string> labels;
  std::vector<Dependency> dependencies;  // sorted by name
  std::vector<Service> services;         // sorted by name, enabled ones only
  std::optional<Copy> copy;

  const Service* find_service(const std::string& name) const;
  const Dependency* find_dependency(const std::string& name) const;
  /// The name used for resources: the env name, or "<env>-<copy>" for copies.
  std::string instance_name() const;
};

}  // namespace stackctl::model
