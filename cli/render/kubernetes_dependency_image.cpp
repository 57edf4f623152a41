// What each official image needs to run under the namespace's "restricted"
// Pod Security level: its non-root user, writable paths, credentials (secret
// references only) and arguments, from the images' users and entrypoints.
#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

json secret_env(const std::string& name, const std::string& secret) {
  return {{"name", name}, {"valueFrom", {{"secretKeyRef", {{"name", "stackctl-secrets"}, {"key", secret}}}}}};
}

json plain_env(const std::string& name, const std::string& value) { return {{"name", name}, {"value", value}}; }

// The Debian-based postgres image's "postgres" user is uid 999; its entrypoint
// runs initdb directly when started as that user. PGDATA is a subdirectory so
// the volume's lost+found does not make initdb refuse the directory.
void postgres(const model::Dependency& d, DependencyRuntime& rt) {
  rt.image = d.image_reference();
  rt.port_name = "postgres";
  rt.data_path = "/var/lib/postgresql/data";
  rt.scratch = {{"run", "/var/run/postgresql"}, {"tmp", "/tmp"}};
  rt.env.push_back(plain_env("PGDATA", "/var/lib/postgresql/data/pgdata"));
  rt.env.push_back(plain_env("PGPORT", std::to_string(d.port)));  // server and client default
  if (!d.database.empty()) rt.env.push_back(plain_env("POSTGRES_DB", d.database));
  if (!d.user.empty()) rt.env.push_back(plain_env("POSTGRES_USER", d.user));
  if (!d.password_secret.empty()) rt.env.push_back(secret_env("POSTGRES_PASSWORD", d.password_secret));
}

// The mysql image's "mysql" user is uid 999; its entrypoint skips the
// root-only chown/gosu step when already running as that user.
void mysql(const model::Dependency& d, DependencyRuntime& rt) {
  rt.image = d.image_reference();
  rt.port_name = "mysql";
  rt.data_path = "/var/lib/mysql";
  rt.scratch = {{"run", "/var/run/mysqld"}, {"tmp", "/tmp"}};
  rt.args = json::array({"--port=" + std::to_string(d.port)});
  if (!d.database.empty()) rt.env.push_back(plain_env("MYSQL_DATABASE", d.database));
  if (!d.password_secret.empty()) rt.env.push_back(secret_env("MYSQL_ROOT_PASSWORD", d.password_secret));
  if (!d.user.empty() && d.user != "root") {
    rt.env.push_back(plain_env("MYSQL_USER", d.user));
    if (!d.password_secret.empty()) rt.env.push_back(secret_env("MYSQL_PASSWORD", d.password_secret));
  }
}

// The redis image's "redis" user is uid 999. In cluster mode every pod is a
// cluster-enabled node; joining them (redis-cli --cluster create) is a
// deploy-time step, not a manifest.
void redis(const model::Dependency& d, DependencyRuntime& rt) {
  rt.image = d.image_reference();
  rt.port_name = "redis";
  rt.data_path = "/data";
  rt.scratch = {{"tmp", "/tmp"}};
  rt.args = json::array({"--port", std::to_string(d.port), "--appendonly", "yes"});
  if (d.cluster) {
    for (const char* arg :
         {"--cluster-enabled", "yes", "--cluster-config-file", "/data/nodes.conf", "--cluster-node-timeout", "5000"})
      rt.args.push_back(arg);
    rt.replicas = d.shards * 2;  // one replica per primary
  }
  if (!d.password_secret.empty()) {
    rt.env.push_back(secret_env("REDIS_PASSWORD", d.password_secret));
    // Kubernetes expands $(REDIS_PASSWORD) in args; the value stays in the Secret.
    rt.args.push_back("--requirepass");
    rt.args.push_back("$(REDIS_PASSWORD)");
    if (d.cluster) {
      rt.args.push_back("--masterauth");
      rt.args.push_back("$(REDIS_PASSWORD)");
    }
  }
}

// apache/activemq-classic has no non-root user and its entrypoint edits
// files under conf/ at start. Running as an arbitrary uid (the restricted
// level forbids root), an init container copies conf/ into a writable
// emptyDir first, so the root filesystem can still be read-only.
void activemq(const model::Dependency& d, DependencyRuntime& rt) {
  rt.image = d.image_reference();
  rt.port_name = "openwire";
  rt.uid = 10001;
  rt.data_path = "/opt/apache-activemq/data";
  rt.scratch = {{"conf", "/opt/apache-activemq/conf"}, {"activemq-tmp", "/opt/apache-activemq/tmp"}, {"tmp", "/tmp"}};
  if (!d.user.empty()) rt.env.push_back(plain_env("ACTIVEMQ_CONNECTION_USER", d.user));
  if (!d.password_secret.empty()) rt.env.push_back(secret_env("ACTIVEMQ_CONNECTION_PASSWORD", d.password_secret));
  rt.init_containers.push_back({{"name", "copy-conf"},
                                {"image", rt.image},
                                {"command", json::array({"cp", "-R", "/opt/apache-activemq/conf/.", "/conf/"})},
                                {"volumeMounts", json::array({{{"name", "conf"}, {"mountPath", "/conf"}}})},
                                {"securityContext", kubernetes_container_security(true)},
                                {"resources", kubernetes_tier_resources(d.tier)}});
}

}  // namespace

DependencyRuntime kubernetes_dependency_runtime(const model::Dependency& d) {
  DependencyRuntime rt;
  switch (d.kind) {
    case model::DependencyKind::postgres:
      postgres(d, rt);
      break;
    case model::DependencyKind::mysql:
      mysql(d, rt);
      break;
    case model::DependencyKind::redis:
      redis(d, rt);
      break;
    case model::DependencyKind::activemq:
      activemq(d, rt);
      break;
    case model::DependencyKind::lmdb_volume:
      break;  // a volume claim, no pods
  }
  // The official images replicate nothing by themselves: more replicas of a
  // single-primary kind would be separate, diverging servers behind one name.
  // high_availability therefore needs managed placement (or redis cluster).
  return rt;
}

}  // namespace stackctl::render
