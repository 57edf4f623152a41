// One rendered file: where it goes (relative to the render output directory)
// and what it holds, as data. Serialized once, by render::to_yaml.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace stackctl::render {

struct Document {
  std::string path;     // e.g. "kubernetes/services/api/deployment.yaml"
  nlohmann::json body;  // one Kubernetes object (or any JSON value)
  std::string text = {};  // a file copied as it is (a Terraform module's .tf): then body is null

  bool is_text() const { return body.is_null(); }
};

}  // namespace stackctl::render
