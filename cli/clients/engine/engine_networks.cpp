// Engine: networks and volumes.
#include "clients/engine/engine.hpp"
#include "clients/engine/json_fields.hpp"

namespace stackctl::engine {

using detail::str;
using nlohmann::json;

namespace {

NetworkInfo to_network(const json& j) {
  NetworkInfo n;
  n.id = str(j, "Id");
  n.name = str(j, "Name");
  n.driver = str(j, "Driver");
  n.internal = detail::flag(j, "Internal");
  n.labels = detail::string_map(j, "Labels");
  return n;
}

VolumeInfo to_volume(const json& j) {
  VolumeInfo v;
  v.name = str(j, "Name");
  v.driver = str(j, "Driver");
  v.mountpoint = str(j, "Mountpoint");
  v.labels = detail::string_map(j, "Labels");
  return v;
}

}  // namespace

NetworkInfo Engine::ensure_network(const NetworkSpec& spec) const {
  const std::string path = "/networks/" + url_encode(spec.name);
  if (const json j = call("GET", path, nullptr, {404}); !j.is_null()) return to_network(j);
  const json body = {{"Name", spec.name},           {"Driver", spec.driver},  {"Internal", spec.internal},
                     {"Labels", json(spec.labels)}, {"CheckDuplicate", true}, {"Attachable", true}};
  // 409: created meanwhile by someone else; it is there either way.
  call("POST", "/networks/create", &body, {409});
  return inspect_network(spec.name);
}

NetworkInfo Engine::inspect_network(const std::string& name_or_id) const {
  return to_network(call("GET", "/networks/" + url_encode(name_or_id)));
}

std::vector<NetworkInfo> Engine::list_networks(const LabelFilter& labels) const {
  std::vector<NetworkInfo> out;
  for (const auto& j : call("GET", "/networks" + query_string({{"filters", label_filters(labels)}})))
    out.push_back(to_network(j));
  return out;
}

void Engine::remove_network(const std::string& name_or_id) const {
  call("DELETE", "/networks/" + url_encode(name_or_id));
}

VolumeInfo Engine::create_volume(const VolumeSpec& spec) const {
  const json body = {{"Name", spec.name}, {"Labels", json(spec.labels)}};
  return to_volume(call("POST", "/volumes/create", &body));
}

std::vector<VolumeInfo> Engine::list_volumes(const LabelFilter& labels) const {
  std::vector<VolumeInfo> out;
  const json j = call("GET", "/volumes" + query_string({{"filters", label_filters(labels)}}));
  for (const auto& v : detail::field(j, "Volumes")) out.push_back(to_volume(v));
  return out;
}

void Engine::remove_volume(const std::string& name, bool force) const {
  call("DELETE", "/volumes/" + url_encode(name) + (force ? "?force=1" : ""));
}

}  // namespace stackctl::engine
