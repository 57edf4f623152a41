// A throwaway project folder for loader tests: files are given as
// path -> content and removed when the object goes out of scope.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/loader.hpp"

namespace stackctl::testing {

class TempProject {
 public:
  explicit TempProject(const std::map<std::string, std::string>& files = {}) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stackctl-test-XXXXXX").string();
    root_ = mkdtemp(tmpl.data());
    for (const auto& [path, content] : files) write(path, content);
  }
  ~TempProject() {
    if (!root_.empty()) std::filesystem::remove_all(root_);
  }
  TempProject(const TempProject&) = delete;
  TempProject(TempProject&& other) noexcept : root_(std::move(other.root_)) { other.root_.clear(); }

  void write(const std::string& path, const std::string& content) {
    std::filesystem::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path) << content;
  }
  const std::filesystem::path& root() const { return root_; }

  config::LoadedEnvironment load(const std::string& env, std::vector<config::Override> overrides = {},
                                 std::optional<std::string> copy = std::nullopt) const {
    config::LoadOptions o;
    o.root = root_;
    o.environment = env;
    o.overrides = std::move(overrides);
    o.copy = copy;
    return config::load_environment(o);
  }

 private:
  std::filesystem::path root_;
};

/// Every diagnostic as "file:line:col: path: message", sorted.
inline std::vector<std::string> messages(const config::LoadedEnvironment& l) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.sorted()) out.push_back(d.to_string());
  return out;
}

/// A minimal valid project: one docker environment and one service.
inline std::map<std::string, std::string> minimal_project() {
  return {
      {"environments/local.yaml", "stack: shop\ntarget:\n  kind: docker\n"},
      {"services/web/service.yaml",
       "image: nginx:1.25\n"
       "ports:\n"
       "  - {name: http, port: 8080}\n"},
  };
}

/// The start of an environment file for each target kind (stack "shop").
inline const std::string kGcpEnvironment =
    "stack: shop\ntarget:\n  kind: gcp\n  project: shop-prod\n  region: europe-west1\n";
inline const std::string kAwsEnvironment =
    "stack: shop\ntarget:\n  kind: aws\n  region: eu-west-1\n  account: \"123456789012\"\n";
inline const std::string kDockerEnvironment = "stack: shop\ntarget:\n  kind: docker\n";

/// minimal_project() with `files` added or replacing its files.
inline TempProject project_with(const std::map<std::string, std::string>& files) {
  auto all = minimal_project();
  for (const auto& [path, content] : files) all[path] = content;
  return TempProject(all);
}

}  // namespace stackctl::testing

/// Asserts that loading reported exactly one problem, and which.
#define CHECK_ONLY_ERROR(loaded, expected)            \
  do {                                                \
    auto all_ = stackctl::testing::messages(loaded);  \
    std::string joined_;                              \
    for (const auto& m_ : all_) joined_ += m_ + "\n"; \
    REQUIRE_MESSAGE(all_.size() == 1, joined_);       \
    CHECK(all_.front() == std::string(expected));     \
  } while (0)
