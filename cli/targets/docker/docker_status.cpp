// DockerTarget::status: each container of the last release (from its stored
// plan) against what the engine runs, by the stackctl key label.
#include <ctime>
#include <map>

#include "targets/docker/apply.hpp"
#include "targets/docker/docker_target.hpp"

namespace stackctl::targets::docker {
namespace {

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

}  // namespace

StatusReport DockerTarget::status() {
  StatusReport report;
  report.environment = env().instance_name();
  auto store = context().release_store();
  const auto history = store.history(report.environment);
  const auto& e = engine();

  std::map<std::string, ComponentStatus> rows;  // by key
  std::vector<std::string> order;
  if (!history.empty()) {
    report.release = history.front().number;
    auto full = store.get(report.environment, report.release);
    const auto plan = plan_from_json(nlohmann::json::parse(full->files.at(plan_file)));
    for (const auto& c : plan.containers) {
      ComponentStatus row;
      row.key = c.key();
      row.role = to_string(c.role);
      row.image = "-";
      row.desired = 1;
      row.job = c.role == Role::seed;
      rows[row.key] = row;
      order.push_back(row.key);
    }
  }
  for (const auto& c : e.list_containers(instance_filter(env().stack, report.environment))) {
    const auto key = c.labels.count(label_key) ? c.labels.at(label_key) : c.name;
    if (!rows.count(key)) {
      ComponentStatus row;
      row.key = key;
      row.role = "-";
      row.image = "-";
      row.note = "not in the release";
      row.job = key.starts_with("seed/");
      rows[key] = row;
      order.push_back(key);
    }
    ComponentStatus& r = rows[key];
    const auto info = e.inspect_container(c.id);
    r.image = info.image_id.substr(0, 19);
    r.restarts += info.restart_count;
    if (info.state.running) {
      r.running++;
      r.uptime = since(info.state.started_at);
      if (info.state.health.empty() || info.state.health == "healthy") r.ready++;
    }
    if (r.job) r.note = info.state.status == "exited" && info.state.exit_code == 0 ? "completed" : info.state.status;
  }
  for (const auto& key : order) {
    ComponentStatus& r = rows[key];
    if (r.job && r.note.empty()) r.note = "not run";
    report.components.push_back(r);
  }
  return report;
}

}  // namespace stackctl::targets::docker
