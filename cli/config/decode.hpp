// Decoders from configuration trees to the typed model. Each reports every
// problem it finds to `diags` (with the key path) and keeps going, so one
// validate run shows all of them.
#pragma once

#include <filesystem>
#include <string>

#include "config/diagnostics.hpp"
#include "config/interpolate.hpp"
#include "config/node.hpp"
#include "config/source_map.hpp"
#include "model/environment.hpp"

namespace stackctl::config {

struct DecodeContext {
  Diagnostics& diags;
  SourceMap& sources;
  const InterpolationScope& scope;  // for placeholders inside env values
  model::TargetKind target = model::TargetKind::docker;
  std::filesystem::path root = ".";  // the project root, for files the config names
};

/// `node` is the merged service tree (defaults < service.yaml < environment).
/// Returns false when the service is disabled (`enabled: false`).
bool decode_service(const Node& node, const std::string& name, DecodeContext& ctx, model::Service& out);

void decode_dependency(const Node& node, const std::string& name, DecodeContext& ctx, model::Dependency& out);

void decode_target(const Node* node, const std::string& path, DecodeContext& ctx, model::Target& out);

class MapReader;
/// The kubernetes target's keys (kubeconfig, context, namespace, registry),
/// refused on other kinds; `r` reads the `target` map, out.kind is decoded.
void decode_kubernetes_target(MapReader& r, DecodeContext& ctx, model::Target& out);

/// `secrets`: sets env.secret_store, checked against env.target (decoded first).
void decode_secrets_store(const Node* node, const std::string& path, DecodeContext& ctx, model::Environment& env);

/// `state`: where Terraform keeps a cloud environment's state; defaults from
/// the target (decoded first). Copies get their own state.
void decode_state(const Node* node, const std::string& path, DecodeContext& ctx, model::Environment& env);

/// Parses an env value with `${...}` placeholders into literal text and
/// deploy-time references.
model::EnvValue decode_env_value(const Node& node, const std::string& path, DecodeContext& ctx);

}  // namespace stackctl::config
