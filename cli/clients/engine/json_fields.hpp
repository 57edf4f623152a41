// Reading optional fields of the daemon's JSON (null, missing or of another
// type all read as empty), for the engine_*.cpp files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackctl::engine::detail {

inline const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  static const nlohmann::json null_json;
  if (!j.is_object()) return null_json;
  const auto it = j.find(key);
  return it == j.end() ? null_json : *it;
}

inline std::string str(const nlohmann::json& j, const char* key) {
  const auto& f = field(j, key);
  return f.is_string() ? f.get<std::string>() : std::string();
}

inline int64_t num(const nlohmann::json& j, const char* key) {
  const auto& f = field(j, key);
  return f.is_number() ? f.get<int64_t>() : 0;
}

inline bool flag(const nlohmann::json& j, const char* key) {
  const auto& f = field(j, key);
  return f.is_boolean() && f.get<bool>();
}

inline std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : field(j, key))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

inline std::map<std::string, std::string> string_map(const nlohmann::json& j, const char* key) {
  std::map<std::string, std::string> out;
  const auto& f = field(j, key);
  if (f.is_object())
    for (const auto& [k, v] : f.items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

}  // namespace stackctl::engine::detail
