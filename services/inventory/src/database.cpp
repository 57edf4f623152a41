#include "database.hpp"

#include "text.hpp"

namespace inventory {

std::string room_param(const kit::Request& req) { return require_id(req.matches[1].str(), "room"); }

namespace {
std::string window_start(int window_param) {
  return "now() - $" + std::to_string(window_param) + "::bigint * interval '1 second'";
}
}  // namespace

std::string present_condition(int window_param) {
  return "last_event = 'seen' AND last_seen_at >= " + window_start(window_param);
}

std::string missing_condition(int window_param) {
  return "last_event = 'seen' AND last_seen_at < " + window_start(window_param);
}

}  // namespace inventory
