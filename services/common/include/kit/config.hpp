// Configuration from environment variables, validated at start-up.
//
// Every variable NAME may instead be given as a file: NAME_FILE holds its
// path (stackctl puts secrets in /run/secrets this way, never in the env);
// the file's content, without one trailing newline, is the value. Setting
// both NAME and NAME_FILE is a problem (which one was meant is unclear), as
// is a NAME_FILE that cannot be read.
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
  // Whether the variable (or NAME_FILE) is set at all (empty counts as set).
  bool has(const std::string& name) const;

  // Records a problem found by the service's own checks.
  void problem(const std::string& name, const std::string& message);
  // Throws ConfigError when any accessor recorded a problem.
  void finish() const;

 private:
  // NAME, or the content of the file NAME_FILE names; records a problem
  // (and returns nullopt) when both are set or the file cannot be read.
  std::optional<std::string> get(const std::string& name);
  Lookup lookup_;
  std::vector<std::string> problems_;
};

}  // namespace kit
