// Configuration from environment variables, validated at start-up.
//
// Every accessor records a problem instead of throwing, so one start-up
// reports every missing or invalid variable; finish() then throws
// ConfigError listing them, and kit::run_main prints it and exits 78
// (EX_CONFIG).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kit {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

class Config {
 public:
  // Reads the process environment; tests pass their own lookup.
  using Lookup = std::function<std::optional<std::string>(const std::string&)>;
  Config();
  explicit Config(Lookup lookup);

  std::string required(const std::string& name);
  std::string optional(const std::string& name, const std::string& fallback);
  // A secret: like required(), but its value never appears in messages.
  std::string secret(const std::string& name);
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max);
  bool boolean(const std::string& name, bool fallback);
  std::chrono::seconds seconds(const std::string& name, std::chrono::seconds fallback);
  // Whether the variable is set at all (empty counts as set).
  bool has(const std::string& name) const;

  // Records a problem found by the service's own checks.
  void problem(const std::string& name, const std::string& message);
  // Throws ConfigError when any accessor recorded a problem.
  void finish() const;

 private:
  std::optional<std::string> get(const std::string& name) const;
  Lookup lookup_;
  std::vector<std::string> problems_;
};

}  // namespace kit
