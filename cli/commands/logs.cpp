// stackctl logs [ENV] [SERVICE] [-f] [--since D] [--tail N]: the logs of an
// environment's services and dependencies, merged by time, each line
// prefixed with its service.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <regex>
#include <thread>

#include "app/exit_code.hpp"
#include "commands/commands.hpp"
#include "commands/docker_support.hpp"
#include "config/suggest.hpp"
#include "targets/docker/apply.hpp"

namespace stackctl::commands {
namespace td = targets::docker;
namespace {

struct Options {
  EnvironmentOptions env;
  std::string service;
  bool follow = false;
  std::string since;
  int tail = -1;
};

/// Unix seconds from "90s", "10m", "2h", "1d", a unix time or RFC 3339 UTC.
int64_t parse_since(const std::string& text) {
  static const std::regex relative(R"(^([0-9]+)(s|m|h|d)$)");
  static const std::regex absolute(R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$)");
  std::smatch m;
  if (std::regex_match(text, m, relative)) {
    const int64_t n = std::stoll(m[1]);
    const int64_t unit = m[2] == "s" ? 1 : m[2] == "m" ? 60 : m[2] == "h" ? 3600 : 86400;
    return static_cast<int64_t>(std::time(nullptr)) - n * unit;
  }
  if (std::regex_match(text, std::regex("^[0-9]{1,12}$"))) return std::stoll(text);
  if (std::regex_match(text, absolute)) {
    std::tm tm{};
    strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    return timegm(&tm);
  }
  throw std::runtime_error("--since " + text + ": expected a duration (90s, 10m, 2h, 1d), a unix time or " +
                           "an RFC 3339 UTC time (2026-11-22T10:00:00Z)");
}

struct Source {
  std::string id, component;
};

struct Line {
  std::string timestamp, component, text;
};

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const model::Environment& env = loaded.env;
  require_docker_target(env, "logs");
  engine::LogOptions options;
  options.timestamps = true;
  if (!o.since.empty()) options.since = parse_since(o.since);  // a bad value fails before anything else
  if (o.tail >= 0) options.tail = o.tail;
  options.follow = o.follow;
  const engine::Engine engine = connect_engine(env);

  std::vector<Source> sources;
  std::vector<std::string> components;
  for (const auto& c : engine.list_containers(td::instance_filter(env.stack, env.instance_name()))) {
    auto key = c.labels.find(td::label_key);
    if (key == c.labels.end()) continue;
    const std::string role = key->second.substr(0, key->second.find('/'));
    const std::string component = key->second.substr(key->second.find('/') + 1);
    if (role == "relay") continue;
    if (role == "seed" && o.service != component + "-seed") {
      components.push_back(component + "-seed");
      continue;
    }
    components.push_back(role == "seed" ? component + "-seed" : component);
    if (!o.service.empty() && o.service != component && o.service != component + "-seed") continue;
    sources.push_back({c.id, role == "seed" ? component + "-seed" : component});
  }
  std::sort(components.begin(), components.end());
  components.erase(std::unique(components.begin(), components.end()), components.end());
  if (!o.service.empty() && sources.empty())
    throw std::runtime_error("no container of " + o.service + " in " + env.instance_name() +
                             config::did_you_mean(o.service, components));
  if (sources.empty()) {
    std::fprintf(stderr, "%s runs no containers.\n", env.instance_name().c_str());
    return app::ok;
  }
  size_t width = 0;
  for (const auto& s : sources) width = std::max(width, s.component.size());

  std::mutex mu;
  auto print = [&](const std::string& component, const std::string& text) {
    std::printf("%-*s | %s\n", static_cast<int>(width), component.c_str(), text.c_str());
  };
  if (!o.follow) {
    std::vector<Line> lines;
    for (const auto& s : sources)
      for (auto& l : engine.logs(s.id, options)) lines.push_back({l.timestamp, s.component, std::move(l.text)});
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.timestamp < b.timestamp; });
    for (const auto& l : lines) print(l.component, l.text);
    return app::ok;
  }
  std::vector<std::thread> threads;
  for (const auto& s : sources) {
    threads.emplace_back([&, s] {
      try {
        engine.logs(s.id, options, [&](const engine::LogLine& l) {
          std::lock_guard g(mu);
          print(s.component, l.text);
          std::fflush(stdout);
          return true;
        });
      } catch (const std::exception& e) {
        std::lock_guard g(mu);
        std::fprintf(stderr, "%s: logs ended: %s\n", s.component.c_str(), e.what());
      }
    });
  }
  for (auto& t : threads) t.join();
  return app::ok;
}

}  // namespace

void register_logs(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("logs", "Show the merged logs of an environment's services and dependencies");
  add_environment_options(verb, o->env);
  verb->add_option("SERVICE", o->service, "Only this service or dependency (NAME-seed: its seed job)");
  verb->add_flag("-f,--follow", o->follow, "Keep streaming new lines");
  verb->add_option("--since", o->since, "Only lines since a time: 10m, 2h, 1d, a unix time or RFC 3339")
      ->type_name("WHEN");
  verb->add_option("--tail", o->tail, "Only the last N lines of each container")->type_name("N");
  verb->footer(
      "Examples:\n"
      "  stackctl logs                       every service of local, merged by time\n"
      "  stackctl logs local rates-api -f    follow one service\n"
      "  stackctl logs staging --since 10m");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
