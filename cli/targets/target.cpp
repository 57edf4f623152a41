#include "targets/target.hpp"

namespace stackctl::targets {

Unsupported::Unsupported(const std::string& verb, const std::string& kind, const std::string& hint)
    : std::runtime_error("stackctl " + verb + ": not supported on a " + kind + " target" +
                         (hint.empty() ? std::string() : " (" + hint + ")")) {}

void Target::unsupported(const std::string& verb, const std::string& hint) const {
  throw Unsupported(verb, kind(), hint);
}

UpResult Target::up(const UpOptions&) { unsupported("up"); }
DownResult Target::down(const DownOptions&) { unsupported("down"); }
PlanResult Target::plan(const PlanOptions&) { unsupported("plan"); }
StatusReport Target::status() { unsupported("status"); }
size_t Target::logs(const LogsOptions&, const LogSink&) { unsupported("logs"); }
std::vector<releases::Release> Target::history() { unsupported("history"); }
UpResult Target::rollback(const RollbackOptions&) { unsupported("rollback"); }
std::vector<Endpoint> Target::ports() { unsupported("ports"); }

bool StatusReport::ready() const {
  for (const auto& c : components)
    if (!c.job && c.ready < c.desired) return false;
  return true;
}

}  // namespace stackctl::targets
