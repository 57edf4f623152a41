// stackctl logs [ENV] [SERVICE] [-f] [--since D] [--tail N]: the logs of an
// environment's services and dependencies, merged by time, each line
// prefixed with its service.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <regex>

#include "app/exit_code.hpp"
#include "commands/commands.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
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

int run(const GlobalOptions& g, const Options& o) {
  targets::LogsOptions options;
  options.service = o.service;
  options.follow = o.follow;
  if (!o.since.empty()) options.since = parse_since(o.since);  // a bad value fails before anything else
  if (o.tail >= 0) options.tail = o.tail;
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const auto target = open_target(g, loaded);
  // Aligned on the longest name that can appear.
  size_t width = o.service.size();
  for (const auto& s : loaded.env.services) width = std::max(width, s.name.size());
  for (const auto& d : loaded.env.dependencies) width = std::max(width, d.name.size());
  const size_t sources = target->logs(options, [&](const targets::LogLine& l) {
    std::printf("%-*s | %s\n", static_cast<int>(width), l.component.c_str(), l.text.c_str());
    if (o.follow) std::fflush(stdout);
  });
  if (sources == 0) std::fprintf(stderr, "%s runs nothing.\n", loaded.env.instance_name().c_str());
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
