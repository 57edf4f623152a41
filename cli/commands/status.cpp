// stackctl status [ENV]: for each container of the last release, whether it
// runs and is ready, its image digest, uptime and restarts.
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/exit_code.hpp"
#include "app/table.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "commands/docker_support.hpp"
#include "targets/docker/apply.hpp"

namespace stackctl::commands {
namespace td = targets::docker;
namespace {

using Options = EnvironmentOutputOptions;

struct Row {
  std::string key, role, image, uptime, state;
  int desired = 0, running = 0, ready = 0, restarts = 0;
};

/// "3d4h", "2h5m", "4m10s", "12s" since an RFC 3339 time.
std::string since(const std::string& rfc3339) {
  std::tm tm{};
  if (rfc3339.size() < 19 || strptime(rfc3339.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return "-";
  long s = static_cast<long>(std::difftime(std::time(nullptr), timegm(&tm)));
  if (s < 0) s = 0;
  char out[32];
  if (s >= 86400)
    std::snprintf(out, sizeof out, "%ldd%ldh", s / 86400, s % 86400 / 3600);
  else if (s >= 3600)
    std::snprintf(out, sizeof out, "%ldh%ldm", s / 3600, s % 3600 / 60);
  else if (s >= 60)
    std::snprintf(out, sizeof out, "%ldm%lds", s / 60, s % 60);
  else
    std::snprintf(out, sizeof out, "%lds", s);
  return out;
}

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const model::Environment& env = loaded.env;
  require_docker_target(env, "status");
  const std::string instance = env.instance_name();
  const auto history = open_release_store(g).history(instance);
  const engine::Engine engine = connect_engine(env);

  std::map<std::string, Row> rows;  // by key
  std::vector<std::string> order;
  int release = 0;
  if (!history.empty()) {
    release = history.front().number;
    auto full = open_release_store(g).get(instance, release);
    const auto plan = td::plan_from_json(nlohmann::json::parse(full->files.at(plan_file)));
    for (const auto& c : plan.containers) {
      rows[c.key()] = {c.key(), td::to_string(c.role), "-", "-", "", 1, 0, 0, 0};
      order.push_back(c.key());
    }
  }
  for (const auto& c : engine.list_containers(td::instance_filter(env.stack, instance))) {
    const auto key = c.labels.count(td::label_key) ? c.labels.at(td::label_key) : c.name;
    if (!rows.count(key)) {
      rows[key] = {key, "-", "-", "-", "not in the release", 0, 0, 0, 0};
      order.push_back(key);
    }
    Row& r = rows[key];
    const auto info = engine.inspect_container(c.id);
    r.image = info.image_id.substr(0, 19);
    r.restarts += info.restart_count;
    if (info.state.running) {
      r.running++;
      r.uptime = since(info.state.started_at);
      if (info.state.health.empty() || info.state.health == "healthy") r.ready++;
    }
    if (key.starts_with("seed/")) r.state = info.state.status == "exited" && info.state.exit_code == 0 ? "completed" : info.state.status;
  }

  int not_ready = 0;
  for (const auto& key : order) {
    Row& r = rows[key];
    const bool job = key.starts_with("seed/");
    if (!job && r.ready < r.desired) not_ready++;
    if (job && r.state.empty()) r.state = "not run";
  }
  if (o.output == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& key : order) {
      const Row& r = rows[key];
      out.push_back({{"key", r.key}, {"role", r.role}, {"desired", r.desired}, {"running", r.running},
                     {"ready", r.ready}, {"image", r.image}, {"uptime", r.uptime}, {"restarts", r.restarts},
                     {"note", r.state}});
    }
    std::printf("%s\n", nlohmann::json{{"environment", instance}, {"release", release}, {"ready", not_ready == 0},
                                       {"containers", out}}
                            .dump(2)
                            .c_str());
    return app::ok;
  }
  if (order.empty()) {
    std::fprintf(stderr, "%s is not deployed: no release and no containers. `stackctl up %s` starts it.\n",
                 instance.c_str(), env.name.c_str());
    return app::ok;
  }
  const auto& term = app::Terminal::get();
  std::vector<std::vector<std::string>> table{{"NAME", "DESIRED", "RUNNING", "READY", "IMAGE", "UPTIME", "RESTARTS", "NOTE"}};
  for (const auto& key : order) {
    const Row& r = rows[key];
    const bool job = key.starts_with("seed/");
    std::string note = r.state;
    if (!job && r.ready < r.desired) note = term.red(note.empty() ? "not ready" : note, false);
    table.push_back({r.key, job ? "-" : std::to_string(r.desired), job ? "-" : std::to_string(r.running),
                     job ? "-" : std::to_string(r.ready), r.image, job ? "-" : r.uptime, std::to_string(r.restarts),
                     note});
  }
  app::print_table(table);
  std::printf("\n%s\n", (release ? "release " + std::to_string(release) : std::string("no release recorded")).c_str());
  return app::ok;
}

}  // namespace

void register_status(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("status", "Show whether each container of an environment runs and is ready");
  add_environment_options(verb, o->env);
  add_output_option(verb, o->output, {"text", "json"});
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
