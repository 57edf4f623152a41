#include "config/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace stackctl::config {

std::string Diagnostic::to_string() const {
  std::string s = mark.where() + ": ";
  if (!path.empty()) s += path + ": ";
  return s + message;
}

void Diagnostics::error(const Mark& mark, std::string path, std::string message) {
  items_.push_back(Diagnostic{mark, std::move(path), std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.mark.file ? *d.mark.file : std::string(), d.mark.line, d.mark.column, d.path, d.message);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(
      std::unique(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      out.end());
  return out;
}

static std::string summary(const std::vector<Diagnostic>& d) {
  if (d.empty()) return "invalid input";
  return d.size() == 1 ? d.front().to_string()
                       : d.front().to_string() + " (and " + std::to_string(d.size() - 1) + " more)";
}

InvalidInput::InvalidInput(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string path_join(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

std::string path_index(const std::string& base, size_t index) { return base + "[" + std::to_string(index) + "]"; }

}  // namespace stackctl::config
