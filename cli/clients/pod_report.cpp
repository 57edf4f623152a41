// Reading kubectl's pod and event JSON into a FailureReport, and its text.
#include <algorithm>

#include "clients/kubectl.hpp"

namespace stackctl::clients {

using nlohmann::json;

namespace {

std::string str(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ContainerStatus container_status(const json& cs) {
  ContainerStatus c;
  c.name = str(cs, "name");
  c.ready = cs.value("ready", false);
  c.restart_count = cs.value("restartCount", 0);
  const json state = cs.value("state", json::object());
  for (const char* s : {"waiting", "running", "terminated"}) {
    if (state.contains(s)) {
      c.state = s;
      c.reason = str(state[s], "reason");
      c.message = str(state[s], "message");
    }
  }
  const json last = cs.value("lastState", json::object());
  if (last.contains("terminated")) {
    c.last_termination_reason = str(last["terminated"], "reason");
    if (last["terminated"].contains("exitCode")) c.last_exit_code = last["terminated"]["exitCode"].get<int>();
  }
  return c;
}

std::string condition_text(const json& conditions) {
  std::string ready, scheduled;
  for (const auto& c : conditions) {
    if (str(c, "status") == "True") continue;
    std::string text = str(c, "reason");
    std::string message = str(c, "message");
    if (!message.empty()) text += (text.empty() ? "" : ": ") + message;
    if (str(c, "type") == "Ready") ready = text;
    if (str(c, "type") == "PodScheduled") scheduled = text;
  }
  return !scheduled.empty() ? scheduled : ready;
}

// "2024-05-01T10:00:00Z" and "2024-05-01T10:00:00.123456Z" compared by second, then as text.
bool earlier(const PodEvent& a, const PodEvent& b) {
  auto second = [](const std::string& t) { return t.substr(0, 19); };
  if (second(a.time) != second(b.time)) return second(a.time) < second(b.time);
  return a.time < b.time;
}

}  // namespace

std::vector<PodFailure> unready_pods(const json& pod_list) {
  std::vector<PodFailure> out;
  for (const auto& pod : pod_list.value("items", json::array())) {
    const json status = pod.value("status", json::object());
    const std::string phase = str(status, "phase");
    if (phase == "Succeeded") continue;
    bool ready = false;
    for (const auto& c : status.value("conditions", json::array()))
      if (str(c, "type") == "Ready" && str(c, "status") == "True") ready = true;
    if (ready) continue;
    PodFailure f;
    f.name = str(pod.value("metadata", json::object()), "name");
    f.phase = phase;
    f.condition = condition_text(status.value("conditions", json::array()));
    for (const char* list : {"initContainerStatuses", "containerStatuses"})
      for (const auto& cs : status.value(list, json::array())) f.containers.push_back(container_status(cs));
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<PodEvent> parse_events(const json& event_list) {
  std::vector<PodEvent> out;
  for (const auto& e : event_list.value("items", json::array())) {
    PodEvent ev;
    ev.type = str(e, "type");
    ev.reason = str(e, "reason");
    ev.message = str(e, "message");
    ev.count = e.contains("count") && e["count"].is_number() ? e["count"].get<int>() : 1;
    ev.time = str(e, "lastTimestamp");
    if (ev.time.empty()) ev.time = str(e, "eventTime");
    if (ev.time.empty()) ev.time = str(e.value("metadata", json::object()), "creationTimestamp");
    out.push_back(std::move(ev));
  }
  std::stable_sort(out.begin(), out.end(), earlier);
  return out;
}

std::string FailureReport::format() const {
  std::string out;
  for (const auto& pod : pods) {
    out += "pod " + pod.name + " (" + (pod.phase.empty() ? "Unknown" : pod.phase) + ")";
    if (!pod.condition.empty()) out += ": " + pod.condition;
    out += "\n";
    for (const auto& c : pod.containers) {
      out += "  container " + c.name + ": " + (c.state.empty() ? "no state" : c.state);
      if (!c.reason.empty()) out += " (" + c.reason + ")";
      if (c.restart_count) out += ", " + std::to_string(c.restart_count) + " restarts";
      if (!c.last_termination_reason.empty()) {
        out += ", last exit: " + c.last_termination_reason;
        if (c.last_exit_code) out += " " + std::to_string(*c.last_exit_code);
      }
      out += "\n";
      if (!c.message.empty()) out += "    " + c.message + "\n";
    }
    if (!pod.events.empty()) out += "  events:\n";
    for (const auto& e : pod.events) {
      out += "    " + e.time + " " + e.type + " " + e.reason;
      if (e.count > 1) out += " (x" + std::to_string(e.count) + ")";
      out += ": " + e.message + "\n";
    }
    std::string logs = tail_lines(pod.logs, 40);
    if (!logs.empty()) {
      out += "  logs:\n";
      size_t start = 0;
      while (start <= logs.size()) {
        size_t nl = logs.find('\n', start);
        if (nl == std::string::npos) nl = logs.size();
        out += "    " + logs.substr(start, nl - start) + "\n";
        start = nl + 1;
      }
    }
  }
  return out;
}

}  // namespace stackctl::clients
