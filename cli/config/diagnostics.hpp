// Validation problems are collected, not thrown, so `stackctl validate` can
// report every one of them in a single run.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "config/node.hpp"

namespace stackctl::config {

struct Diagnostic {
  Mark mark;         // where the offending value was written
  std::string path;  // key path, e.g. "services.rates-api.replicas"
  std::string message;

  /// "environments/base.yaml:12:5: services.rates-api.replicas: must be >= 0"
  std::string to_string() const;
};

class Diagnostics {
 public:
  void error(const Mark& mark, std::string path, std::string message);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// Sorted by file, line and column (then message), for stable output.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
};

/// Thrown when input cannot be used at all; carries every problem found.
class InvalidInput : public std::runtime_error {
 public:
  explicit InvalidInput(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Joins key path segments: path_join("services", "rates-api") == "services.rates-api".
std::string path_join(const std::string& base, const std::string& key);
std::string path_index(const std::string& base, size_t index);  // "ports[2]"

}  // namespace stackctl::config
