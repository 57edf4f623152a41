// DockerTarget::logs: the environment's containers by label (relays left
// out, a seed job only when asked for), merged by time or followed.
#include <algorithm>
#include <mutex>
#include <thread>

#include "config/suggest.hpp"
#include "targets/docker/apply.hpp"
#include "targets/docker/docker_target.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace {

struct Source {
  std::string id, component;
};

}  // namespace

size_t DockerTarget::logs(const LogsOptions& o, const LogSink& sink) {
  sd::LogOptions options;
  options.timestamps = true;
  options.since = o.since;
  options.tail = o.tail;
  options.follow = o.follow;
  const sd::Engine& e = engine();

  std::vector<Source> sources;
  std::vector<std::string> components;
  for (const auto& c : e.list_containers(instance_filter(env().stack, env().instance_name()))) {
    auto key = c.labels.find(label_key);
    if (key == c.labels.end()) continue;
    const std::string role = key->second.substr(0, key->second.find('/'));
    const std::string component = key->second.substr(key->second.find('/') + 1);
    if (role == "relay") continue;
    const std::string name = role == "seed" ? component + "-seed" : component;
    components.push_back(name);
    if (role == "seed" && o.service != name) continue;
    if (!o.service.empty() && o.service != component && o.service != name) continue;
    sources.push_back({c.id, name});
  }
  std::sort(components.begin(), components.end());
  components.erase(std::unique(components.begin(), components.end()), components.end());
  if (!o.service.empty() && sources.empty())
    throw std::runtime_error("no container of " + o.service + " in " + env().instance_name() +
                             config::did_you_mean(o.service, components));

  if (!o.follow) {
    std::vector<LogLine> lines;
    for (const auto& s : sources)
      for (auto& l : e.logs(s.id, options)) lines.push_back({s.component, l.timestamp, std::move(l.text)});
    std::stable_sort(lines.begin(), lines.end(),
                     [](const LogLine& a, const LogLine& b) { return a.timestamp < b.timestamp; });
    for (const auto& l : lines) sink(l);
    return sources.size();
  }
  std::mutex mu;
  std::vector<std::thread> threads;
  for (const auto& s : sources) {
    threads.emplace_back([&, s] {
      try {
        e.logs(s.id, options, [&](const sd::LogLine& l) {
          std::lock_guard g(mu);
          sink({s.component, l.timestamp, l.text});
          return true;
        });
      } catch (const std::exception& ex) {
        std::lock_guard g(mu);
        sink({s.component, "", std::string("(logs ended: ") + ex.what() + ")"});
      }
    });
  }
  for (auto& t : threads) t.join();
  return sources.size();
}

}  // namespace stackctl::targets::docker
