// The Docker target's plan: what `stackctl up` asks the engine to run, made
// from a loaded environment, and how releases store it.
#include <doctest/doctest.h>

#include "config/temp_project.hpp"
#include "targets/docker/apply.hpp"
#include "targets/docker/plan.hpp"
#include "targets/docker/secret_files.hpp"

using namespace stackctl;
using namespace stackctl::targets::docker;

namespace {

std::map<std::string, std::string> project() {
  return {
      {"environments/local.yaml",
       "stack: shop\n"
       "target: {kind: docker}\n"
       "images: {redis: mirror/redis:7}\n"
       "dependencies:\n"
       "  orders-db: {kind: postgres, version: '15', database: orders, seed: {sql: data/seed.sql}}\n"
       "  cache: {kind: redis, version: '7.2'}\n"
       "  blobs: {kind: lmdb-volume}\n"
       "services:\n"
       "  api: {ports: [{name: http, port: 8080, publish: 3000}]}\n"},
      {"data/seed.sql", "COPY t FROM stdin;\n"},
      {"services/api/service.yaml",
       "build: {dockerfile: services/api/Dockerfile}\n"
       "ports: [{name: http, port: 8080}]\n"
       "probes: {readiness: {http: /readyz, port: http}}\n"
       "requires: [orders-db, cache, blobs, worker]\n"
       "seed_command: [load]\n"
       "env:\n"
       "  DB_URL: "
       "postgres://${dep.orders-db.user}@${dep.orders-db.host}:${dep.orders-db.port}/${dep.orders-db.database}\n"
       "  DB_PASSWORD: ${secret:orders-db-password}\n"
       "  PRICE: costs $5\n"},
      {"services/api/Dockerfile", "FROM scratch\n"},
      {"services/worker/service.yaml", "image: example/worker:1\nrequires: [cache]\n"},
  };
}

Plan plan_of(const testing::TempProject& p, std::optional<std::string> copy = std::nullopt) {
  auto loaded = p.load("local", {}, copy);
  REQUIRE(loaded.diags.empty());
  Images images{{{"api", "sha256:aaaa"}}, "sha256:relay"};
  return make_plan(loaded.env, images);
}

std::vector<std::string> keys(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan.containers) out.push_back(c.key());
  return out;
}

}  // namespace

TEST_CASE("a plan runs dependencies, seeds, services in order, then relays") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  CHECK(plan.network == "shop-local");
  CHECK(plan.volumes == std::vector<std::string>{"shop-local-blobs", "shop-local-cache", "shop-local-orders-db"});
  CHECK(keys(plan) == std::vector<std::string>{"dependency/cache", "dependency/orders-db", "seed/orders-db",
                                               "service/worker", "service/api", "relay/api"});
  for (const auto& c : plan.containers) CHECK(c.spec.network == "shop-local");
}

TEST_CASE("a service's env resolves dependencies and keeps secrets as placeholders") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  const ContainerPlan* api = plan.find("service/api");
  REQUIRE(api);
  CHECK(api->spec.image == "sha256:aaaa");
  CHECK(api->spec.env.at("DB_URL") == "postgres://app@orders-db:5432/orders");
  // A secret is a file in /run/secrets; the env only names it.
  CHECK(api->spec.env.count("DB_PASSWORD") == 0);
  CHECK(api->spec.env.at("DB_PASSWORD_FILE") == "/run/secrets/DB_PASSWORD");
  CHECK(api->secret_files == std::vector<SecretFile>{{"DB_PASSWORD", "${secret:orders-db-password}"}});
  CHECK(api->spec.env.at("PRICE") == "costs $$5");  // a literal "$", escaped
  CHECK(api->spec.network_aliases == std::vector<std::string>{"api"});
  CHECK(api->spec.ports.empty());  // the relay publishes
  CHECK(api->spec.mounts.at(0).source == "shop-local-blobs");
  CHECK(api->spec.mounts.at(0).target == "/var/lib/blobs");
  CHECK(api->spec.restart == engine::RestartPolicy::unless_stopped);
  REQUIRE(api->spec.health_check);
  CHECK(api->spec.health_check->test.empty());  // the image's HEALTHCHECK, checked every 2 s
  CHECK(api->spec.health_check->interval == std::chrono::seconds(2));
  CHECK(api->after ==
        std::vector<std::string>{"dependency/cache", "dependency/orders-db", "seed/orders-db", "service/worker"});
  CHECK(referenced_secrets(plan) == std::vector<std::string>{"cache-password", "orders-db-password"});
}

TEST_CASE("dependencies follow the official images' contracts") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  const ContainerPlan* db = plan.find("dependency/orders-db");
  REQUIRE(db);
  CHECK(db->spec.image == "postgres:15");
  CHECK(db->spec.env.at("POSTGRES_DB") == "orders");
  CHECK(db->spec.env.at("POSTGRES_USER") == "app");
  CHECK(db->spec.env.at("POSTGRES_PASSWORD_FILE") == "/run/secrets/orders-db-password");
  CHECK(db->spec.env.count("POSTGRES_PASSWORD") == 0);
  CHECK(db->secret_files == std::vector<SecretFile>{{"orders-db-password", "${secret:orders-db-password}"}});
  CHECK(db->spec.mounts.at(0).source == "shop-local-orders-db");
  CHECK(db->spec.network_aliases == std::vector<std::string>{"orders-db"});
  REQUIRE(db->spec.health_check);
  CHECK(db->spec.health_check->test.back().find("psql") != std::string::npos);
  const ContainerPlan* cache = plan.find("dependency/cache");
  REQUIRE(cache);
  CHECK(cache->spec.image == "mirror/redis:7");  // the environment's `images:`
  // The password reaches redis through stdin, never argv.
  CHECK(cache->spec.cmd.at(2).find("cat '/run/secrets/cache-password'") != std::string::npos);
  CHECK(cache->spec.env.empty());
  for (const auto& arg : cache->spec.cmd) CHECK(arg.find("--requirepass") == std::string::npos);
}

TEST_CASE("the seed runs with the service that says how, once its database is ready") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  const ContainerPlan* seed = plan.find("seed/orders-db");
  REQUIRE(seed);
  CHECK(seed->spec.image == "sha256:aaaa");
  CHECK(seed->spec.cmd == std::vector<std::string>{"load", "/seed/seed.sql"});
  CHECK(seed->seed_file == "data/seed.sql");
  CHECK(seed->spec.restart == engine::RestartPolicy::no);
  CHECK(seed->spec.network_aliases.empty());
  CHECK(seed->after == std::vector<std::string>{"dependency/orders-db"});
  CHECK(seed->secret_files == std::vector<SecretFile>{{"DB_PASSWORD", "${secret:orders-db-password}"}});
  CHECK(seed->spec.env.count("DB_PASSWORD") == 0);
}

TEST_CASE("secrets_as: env keeps a service's secrets in its env; a bad value is an error at its line") {
  auto files = project();
  files["services/api/service.yaml"] += "secrets_as: env\n";
  {
    testing::TempProject p(files);
    const Plan plan = plan_of(p);
    const ContainerPlan* api = plan.find("service/api");
    REQUIRE(api);
    CHECK(api->secret_files.empty());
    CHECK(api->spec.env.at("DB_PASSWORD") == "${secret:orders-db-password}");
    CHECK(api->spec.env.count("DB_PASSWORD_FILE") == 0);
  }
  files["services/api/service.yaml"].replace(files["services/api/service.yaml"].find("secrets_as: env"), 15,
                                             "secrets_as: envs");
  testing::TempProject p(files);
  auto loaded = p.load("local", {});
  REQUIRE(!loaded.diags.empty());
  const std::string text = loaded.diags.items().front().to_string();
  CHECK(text.find("services/api/service.yaml:10") != std::string::npos);
  CHECK(text.find("unknown value \"envs\", expected one of: files, env") != std::string::npos);
}

TEST_CASE("a secret file's text counts for referenced_secrets and resolves like env") {
  Plan plan;
  ContainerPlan c;
  c.secret_files = {{"TOKEN", "a${secret:tok}$$b"}};
  plan.containers.push_back(c);
  CHECK(referenced_secrets(plan) == std::vector<std::string>{"tok"});
  CHECK(resolve_secret_files(c.secret_files, {{"tok", "T"}}) == std::vector<SecretFile>{{"TOKEN", "aT$b"}});
  CHECK_THROWS_WITH_AS(resolve_secret_files(c.secret_files, {}),
                       doctest::Contains("secret \"tok\" (for /run/secrets/TOKEN) is not set"), std::runtime_error);
}

TEST_CASE("without a seed_command the dependency's own client loads the seed") {
  auto files = project();
  files["services/api/service.yaml"].replace(files["services/api/service.yaml"].find("seed_command: [load]\n"), 21, "");
  testing::TempProject p(files);
  const Plan plan = plan_of(p);
  const ContainerPlan* seed = plan.find("seed/orders-db");
  REQUIRE(seed);
  CHECK(seed->spec.image == "postgres:15");
  CHECK(seed->spec.cmd.at(3) == "psql");  // after sh -c '<password from its file>; exec psql "$@"'
  CHECK(seed->spec.cmd.back() == "/seed/seed.sql");
  CHECK(seed->spec.env.empty());
  CHECK(seed->spec.cmd.at(2).find("PGPASSWORD=\"$(cat '/run/secrets/orders-db-password')\"") != std::string::npos);
  CHECK(seed->secret_files == std::vector<SecretFile>{{"orders-db-password", "${secret:orders-db-password}"}});
}

TEST_CASE("relays publish on loopback; a copy gets free ports and its own names") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  const ContainerPlan* relay = plan.find("relay/api");
  REQUIRE(relay);
  CHECK(relay->spec.image == "sha256:relay");
  CHECK(relay->spec.cmd == std::vector<std::string>{"8080", "api:8080"});
  REQUIRE(relay->spec.ports.size() == 1);
  CHECK(relay->spec.ports[0].host_ip == "127.0.0.1");
  CHECK(relay->spec.ports[0].host_port == 3000);

  const Plan copy = plan_of(p, "pr-1");
  CHECK(copy.instance == "local-pr-1");
  CHECK(copy.network == "shop-local-pr-1");
  CHECK(copy.volumes.front() == "shop-local-pr-1-blobs");
  CHECK(copy.find("relay/api")->spec.ports.at(0).host_port == 0);
}

TEST_CASE("resolve_env fills secrets, unescapes $$ and names a missing secret") {
  const std::map<std::string, std::string> env = {{"A", "x${secret:pw}y"}, {"B", "$$5"}, {"C", "${secret:pw}"}};
  const auto r = resolve_env(env, {{"pw", "s3cret"}});
  CHECK(r.at("A") == "xs3crety");
  CHECK(r.at("B") == "$5");
  CHECK(r.at("C") == "s3cret");
  CHECK_THROWS_WITH_AS(resolve_env(env, {}), doctest::Contains("secret \"pw\" (for A) is not set"), std::runtime_error);
  // An escaped "$${secret:pw}" is literal text, not a reference.
  CHECK(resolve_env({{"D", "$${secret:pw}"}}, {}).at("D") == "${secret:pw}");
}

TEST_CASE("a plan survives its JSON form (a release's docker/plan.json)") {
  testing::TempProject p(project());
  const Plan plan = plan_of(p);
  const Plan back = plan_from_json(nlohmann::json::parse(to_json(plan).dump()));
  CHECK(to_json(back) == to_json(plan));
  REQUIRE(back.containers.size() == plan.containers.size());
  for (size_t i = 0; i < plan.containers.size(); ++i)
    CHECK(spec_hash(back.containers[i].spec) == spec_hash(plan.containers[i].spec));
  CHECK_THROWS_AS(plan_from_json(nlohmann::json{{"version", 2}}), std::runtime_error);
  CHECK_THROWS_AS(plan_from_json(nlohmann::json{{"version", 1}, {"stack", "s"}}), std::runtime_error);
}

TEST_CASE("the spec hash ignores name and labels but not what runs") {
  engine::ContainerSpec a;
  a.image = "sha256:1";
  a.env = {{"A", "1"}};
  engine::ContainerSpec b = a;
  b.name = "other";
  b.labels = {{"x", "y"}};
  CHECK(spec_hash(a) == spec_hash(b));
  b.env["A"] = "2";  // e.g. a rotated secret
  CHECK(spec_hash(a) != spec_hash(b));
  CHECK(spec_hash(a, "seed1") != spec_hash(a, "seed2"));
}

TEST_CASE("secret files are owned by the container's user: numbers, or names from /etc/passwd and /etc/group") {
  const std::string passwd = "root:x:0:0:root:/root:/bin/sh\nredis:x:999:998::/data:/bin/false\n";
  const std::string group = "root:x:0:\nredis:x:998:\nshadow:x:42:\n";
  CHECK(parse_owner("", passwd, group).uid == 0);
  CHECK(parse_owner("redis", passwd, group).uid == 999);
  CHECK(parse_owner("redis", passwd, group).gid == 998);
  CHECK(parse_owner("999", passwd, group).gid == 998);  // a known uid's own group
  CHECK(parse_owner("10001", passwd, group).gid == 0);  // unknown uid: group 0, as docker does
  CHECK(parse_owner("10001:10002", passwd, group).gid == 10002);
  CHECK(parse_owner("redis:shadow", passwd, group).gid == 42);
  CHECK_THROWS_WITH_AS(parse_owner("app", passwd, group),
                       doctest::Contains("\"app\" is not in the image's /etc/passwd"), std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_owner("redis:nogroup", passwd, group),
                       doctest::Contains("\"nogroup\" is not in the image's /etc/group"), std::runtime_error);
  CHECK(secrets_host_dir("shop-local", "shop-local-api-0123abcd") ==
        "/dev/shm/stackctl/shop-local/shop-local-api-0123abcd");
}
