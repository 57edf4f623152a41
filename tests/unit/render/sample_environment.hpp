// A small but complete Environment built in code for the renderer tests:
// every dependency kind and placement, autoscaling, exposure, copies, and env
// values mixing literal text, secrets and dependency references.
#pragma once

#include "model/environment.hpp"

namespace stackctl::test {

inline model::ValuePart text(std::string t) { return {std::move(t), std::nullopt}; }
inline model::ValuePart secret(std::string name) {
  return {"", model::Reference{model::Reference::Kind::secret, std::move(name), ""}};
}
inline model::ValuePart dep(std::string name, std::string field) {
  return {"", model::Reference{model::Reference::Kind::dependency, std::move(name), std::move(field)}};
}
inline model::EnvVar var(std::string name, std::vector<model::ValuePart> parts) {
  return {std::move(name), model::EnvValue{std::move(parts)}};
}

inline model::Dependency dependency(std::string name, model::DependencyKind kind, model::Placement placement,
                                    int port) {
  model::Dependency d;
  d.name = std::move(name);
  d.kind = kind;
  d.placement = placement;
  d.port = port;
  d.version = "16";
  return d;
}

/// Services: api (autoscaled, exposed with TLS, many references), rates
/// (2 replicas, exec probe, command), worker (no ports, prebuilt image).
inline model::Environment sample_environment() {
  using K = model::DependencyKind;
  using P = model::Placement;
  model::Environment env;
  env.name = "staging";
  env.stack = "loopstock";
  env.namespace_name = "loopstock-staging";
  env.labels = {{"team", "platform"}};

  auto cache = dependency("cache", K::redis, P::cluster, 6379);
  cache.cluster = true;
  cache.shards = 3;
  cache.password_secret = "cache-password";
  auto orders = dependency("orders-db", K::mysql, P::cluster, 3306);
  orders.database = "orders";
  orders.user = "orders";
  orders.password_secret = "orders-db-password";
  auto queue = dependency("queue", K::activemq, P::cluster, 61616);
  queue.user = "broker";
  queue.password_secret = "queue-password";
  auto rates = dependency("rates-db", K::postgres, P::managed, 5432);
  rates.database = "rates";
  rates.user = "rates";
  auto store = dependency("store", K::lmdb_volume, P::cluster, 0);
  store.storage = "5Gi";
  auto users = dependency("users-db", K::postgres, P::cluster, 5432);
  users.database = "users";
  users.user = "users";
  users.password_secret = "users-db-password";
  users.tier = model::Tier::medium;
  env.dependencies = {cache, orders, queue, rates, store, users};

  model::Service api;
  api.name = "api";
  api.build = model::Build{};
  api.ports = {{"http", 8080, "TCP", 0}, {"metrics", 9090, "TCP", 0}};
  api.readiness = model::Probe{};
  api.readiness->path = "/healthz";
  api.readiness->port = "http";
  api.liveness = model::Probe{model::Probe::Kind::tcp, "/", "http", {}, 5, 20, 2, 4};
  api.requires_dependencies = {"cache", "rates-db", "store", "users-db"};
  api.requires_services = {"rates"};
  api.env = {
      var("CACHE_HOST", {dep("cache", "host")}),
      var("DATABASE_URL", {text("postgres://"), dep("rates-db", "user"), text(":"), secret("rates-db-password"),
                           text("@"), dep("rates-db", "host"), text("/rates?cost=$5")}),
      var("DB_PASSWORD", {secret("rates-db-password")}),
      var("LOG_LEVEL", {text("info")}),
      var("RATES_DB_HOST", {dep("rates-db", "host")}),
      var("USERS_URL", {text("postgres://"), dep("users-db", "host"), text(":"), dep("users-db", "port"), text("/"),
                        dep("users-db", "database")}),
  };
  api.resources.cpu_limit = "1";
  api.autoscale = {true, 2, 5, 65};
  api.expose = {true, "api.example.com", "/", "", true};

  model::Service rates_svc;
  rates_svc.name = "rates";
  rates_svc.build = model::Build{};
  rates_svc.command = {"/usr/bin/rates"};
  rates_svc.args = {"--listen", "0.0.0.0:50051"};
  rates_svc.ports = {{"grpc", 50051, "TCP", 0}};
  rates_svc.readiness =
      model::Probe{model::Probe::Kind::exec, "/", "", {"/bin/grpc_health_probe", "-addr=:50051"}, 0, 10, 1, 3};
  rates_svc.requires_dependencies = {"orders-db", "queue"};
  rates_svc.env = {var("ORDERS_DSN", {dep("orders-db", "user"), text("@"), dep("orders-db", "host")}),
                   var("QUEUE_PASSWORD", {secret("queue-password")})};
  rates_svc.replicas = 2;
  rates_svc.resources.memory_limit.clear();

  model::Service worker;
  worker.name = "worker";
  worker.image = "ghcr.io/acme/worker:1.2";
  worker.requires_services = {"rates"};
  worker.env = {var("MODE", {text("yes")})};

  env.services = {api, rates_svc, worker};
  return env;
}

}  // namespace stackctl::test
