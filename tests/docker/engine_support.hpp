// Shared by the docker_engine_tests files: the engine under test, the label
// on everything the tests create, cleanup by that label, polling, temp dirs.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "clients/engine/engine.hpp"

namespace engine_test {

inline constexpr const char* kLabelKey = "stackctl.test";
inline constexpr const char* kLabelValue = "engine";
inline constexpr const char* kBaseImage = "debian:bookworm-slim";

/// The daemon from DOCKER_HOST (the local socket by default).
stackctl::engine::Engine& engine();

/// {"stackctl.test": "engine"} plus `extra`.
stackctl::engine::Labels test_labels(const stackctl::engine::Labels& extra = {});

/// "stackctl-engine-<what>-<pid>": names unique to this run.
std::string unique_name(const std::string& what);

/// Removes every container, network, volume and image labelled stackctl.test=engine.
void cleanup();

/// Polls `done` every 100 ms until it is true or `timeout` passes; returns the last result.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// A fresh directory, removed at destruction.
struct TempDir {
  TempDir();
  ~TempDir();
  void write(const std::string& rel, const std::string& text) const;
  std::filesystem::path path;
};

/// A minimal base ContainerSpec on the base image, labelled.
stackctl::engine::ContainerSpec base_spec(const std::string& what, std::vector<std::string> cmd);

}  // namespace engine_test
