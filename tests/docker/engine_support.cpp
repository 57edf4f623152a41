#include "engine_support.hpp"

#include <unistd.h>

#include <fstream>
#include <random>
#include <thread>

namespace engine_test {

using namespace stackctl::engine;

Engine& engine() {
  static Engine e = Engine::from_environment();
  return e;
}

Labels test_labels(const Labels& extra) {
  Labels labels = extra;
  labels[kLabelKey] = kLabelValue;
  return labels;
}

std::string unique_name(const std::string& what) { return "stackctl-engine-" + what + "-" + std::to_string(getpid()); }

void cleanup() {
  const LabelFilter filter = {{kLabelKey, kLabelValue}};
  Engine& e = engine();
  for (const auto& c : e.list_containers(filter)) e.remove_container(c.id, {.force = true, .volumes = true});
  for (const auto& n : e.list_networks(filter)) e.remove_network(n.id);
  for (const auto& v : e.list_volumes(filter)) e.remove_volume(v.name, true);
  for (const auto& i : e.list_images(filter)) {
    try {
      e.remove_image(i.id, true);
    } catch (const EngineError& err) {
      if (err.status() != 404) throw;  // a parent removed with its child
    }
  }
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

TempDir::TempDir() {
  std::random_device rd;
  path = std::filesystem::temp_directory_path() / ("stackctl-engine-" + std::to_string(rd()));
  std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

void TempDir::write(const std::string& rel, const std::string& text) const {
  std::filesystem::create_directories((path / rel).parent_path());
  std::ofstream(path / rel) << text;
}

ContainerSpec base_spec(const std::string& what, std::vector<std::string> cmd) {
  ContainerSpec spec;
  spec.name = unique_name(what);
  spec.image = kBaseImage;
  spec.cmd = std::move(cmd);
  spec.labels = test_labels();
  return spec;
}

}  // namespace engine_test
