// Environment variables set (or, with std::nullopt, unset) for one scope;
// what was there before comes back when the object goes out of scope.
#pragma once

#include <stdlib.h>

#include <map>
#include <optional>
#include <string>

namespace stackctl::testing {

class ScopedEnv {
 public:
  explicit ScopedEnv(const std::map<std::string, std::optional<std::string>>& vars) {
    for (const auto& [name, value] : vars) {
      const char* old = getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
      put(name, value);
    }
  }
  explicit ScopedEnv(const std::map<std::string, std::string>& vars)
      : ScopedEnv(std::map<std::string, std::optional<std::string>>(vars.begin(), vars.end())) {}
  ScopedEnv(const std::string& name, const std::optional<std::string>& value)
      : ScopedEnv(std::map<std::string, std::optional<std::string>>{{name, value}}) {}
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) put(name, value);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  static void put(const std::string& name, const std::optional<std::string>& value) {
    if (value)
      setenv(name.c_str(), value->c_str(), 1);
    else
      unsetenv(name.c_str());
  }

  std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace stackctl::testing
