// The Secret `stackctl-secrets` holding decrypted values, which the rendered
// secretKeyRefs and secret volumes name. Built only at deploy time (or by
// `render --reveal`): a plain render never holds a value.
#pragma once

#include <map>
#include <string>

#include "model/environment.hpp"
#include "render/document.hpp"

namespace stackctl::render {

/// The Secret holding `values` (secret name -> value) in the environment's
/// namespace, at kubernetes/secrets.yaml in a render.
Document kubernetes_secret(const model::Environment& env, const std::map<std::string, std::string>& values);

}  // namespace stackctl::render
