// Finding rendered documents by path in the renderer tests.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/document.hpp"

namespace stackctl::test {

inline const nlohmann::json* find(const std::vector<render::Document>& docs, const std::string& path) {
  for (const auto& d : docs)
    if (d.path == path) return &d.body;
  return nullptr;
}

/// The document at `path`; fails the test when there is none.
inline const nlohmann::json& get(const std::vector<render::Document>& docs, const std::string& path) {
  const nlohmann::json* doc = find(docs, path);
  REQUIRE_MESSAGE(doc != nullptr, "missing " << path);
  return *doc;
}

}  // namespace stackctl::test
