// Test driver of the registry push (tests/registry/registry_push_test.sh):
// builds, pushes, runs and cleans up images through engine::Engine and
// images::push_image. Everything it creates carries stackctl.test=registry.
// The password is read from a file, never from argv.
//
//   registry_push_tool build TAG DIR          (DIR holds a Dockerfile)
//   registry_push_tool push LOCAL HOST REPO TAG USER PASSWORD_FILE
//       -> one JSON line {"reference","digest","uploaded","skipped","bytes"}
//   registry_push_tool run REF                (pull, run, print its output)
//   registry_push_tool cleanup
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "clients/engine/build_context.hpp"
#include "clients/engine/engine.hpp"
#include "clients/registry/errors.hpp"
#include "images/push.hpp"

using namespace stackctl;

namespace {

const engine::Labels kLabels = {{"stackctl.test", "registry"}};

int build(const engine::Engine& engine, const std::string& tag, const std::string& dir) {
  const auto context = engine::make_build_context(dir, {}, "Dockerfile");
  engine::BuildOptions options;
  options.dockerfile = context.dockerfile;
  options.tags = {tag};
  options.labels = kLabels;
  std::cout << engine.build(context.tar, options).image_id << "\n";
  return 0;
}

int push(const engine::Engine& engine, char** argv) {
  std::ifstream in(argv[7]);
  std::string password;
  std::getline(in, password);
  registry::RegistryTarget target{argv[3], argv[4], argv[5], {argv[6], password}};
  const auto result = images::push_image(engine, argv[2], target, [](const images::PushEvent& e) {
    using K = images::PushEvent::Kind;
    switch (e.kind) {
      case K::exporting: std::cerr << "exporting\n"; break;
      case K::compressing: std::cerr << "compressing layer " << e.index + 1 << "/" << e.count << "\n"; break;
      case K::blob_exists: std::cerr << "exists    " << e.digest << " " << e.size << "\n"; break;
      case K::blob_uploading: break;
      case K::blob_uploaded: std::cerr << "uploaded  " << e.digest << " " << e.size << "\n"; break;
      case K::manifest_pushed: std::cerr << "manifest  " << e.digest << "\n"; break;
    }
  });
  std::cout << nlohmann::json{{"reference", result.reference},
                              {"digest", result.digest},
                              {"uploaded", result.blobs_uploaded},
                              {"skipped", result.blobs_skipped},
                              {"bytes", result.bytes_uploaded}}
                   .dump()
            << "\n";
  return 0;
}

int run(const engine::Engine& engine, const std::string& ref) {
  engine.pull_image(ref);
  engine::ContainerSpec spec;
  spec.name = "stackctl-registry-run-" + std::to_string(::getpid());
  spec.image = ref;
  spec.labels = kLabels;
  const std::string id = engine.create_container(spec);
  engine.start_container(id);
  const int code = engine.wait_container(id);
  for (const auto& line : engine.logs(id)) std::cout << line.text << "\n";
  engine.remove_container(id, {.force = true});
  return code;
}

int cleanup(const engine::Engine& engine) {
  for (const auto& c : engine.list_containers(kLabels)) engine.remove_container(c.id, {.force = true});
  for (const auto& image : engine.list_images(kLabels)) {
    try {
      engine.remove_image(image.id, true);
    } catch (const engine::EngineError&) {  // already gone with another tag
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string verb = argc > 1 ? argv[1] : "";
  try {
    const auto engine = engine::Engine::from_environment();
    if (verb == "build" && argc == 4) return build(engine, argv[2], argv[3]);
    if (verb == "push" && argc == 8) return push(engine, argv);
    if (verb == "run" && argc == 3) return run(engine, argv[2]);
    if (verb == "cleanup" && argc == 2) return cleanup(engine);
  } catch (const registry::RegistryError& e) {
    std::cerr << "error: " << e.what() << " [status " << e.status() << "]\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: registry_push_tool build TAG DIR | push LOCAL HOST REPO TAG USER PASSWORD_FILE | run REF | "
               "cleanup\n";
  return 2;
}
