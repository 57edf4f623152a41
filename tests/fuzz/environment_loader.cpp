// libFuzzer entry for the environment loader: arbitrary bytes become
// environments/fuzz.yaml of a small scratch project, and load_environment,
// parse_yaml and apply_overrides must either succeed or throw InvalidInput.
// Any other exception, a crash, a leak or a hang is a finding. Run it with
// scripts/fuzz.sh; seeds are in tests/fuzz/corpus/. STACKCTL_FUZZ_VERBOSE=1
// prints the diagnostics of each input, to see what a seed reaches.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/loader.hpp"
#include "config/overrides.hpp"
#include "config/yaml_parse.hpp"

namespace fs = std::filesystem;
using namespace stackctl;

namespace {

fs::path g_root;         // the scratch project, created once per process
bool g_verbose = false;  // STACKCTL_FUZZ_VERBOSE=1 prints the loader's diagnostics

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

/// A few services that use what the loader decodes (ports, probes, requires
/// of services and dependencies, env references, autoscale, expose), so that
/// inputs overriding them reach deep into decoding and validation.
void create_project(const fs::path& root) {
  write_file(root / "environments/base.yaml",
             "stack: fuzz\n"
             "target: {kind: docker}\n"
             "vars: {domain: fuzz.example, replicas: 2}\n"
             "defaults:\n"
             "  replicas: ${var.replicas}\n"
             "  resources: {cpu: 50m, memory: 64Mi, memory_limit: 256Mi}\n"
             "dependencies:\n"
             "  db: {kind: postgres, version: \"15\", database: app, backup: daily}\n"
             "  cache: {kind: redis, version: \"7.2\"}\n");
  write_file(root / "environments/cloud.yaml",
             "extends: base\n"
             "target: {kind: gcp, project: fuzz-project, region: europe-west1}\n"
             "domain: cloud.${var.domain}\n"
             "defaults: {autoscale: {min: 2, max: 4, cpu: 70}}\n");
  write_file(root / "services/api/service.yaml",
             "description: API\n"
             "image: registry.example/api:1\n"
             "ports: [{name: http, port: 8080}]\n"
             "probes:\n"
             "  readiness: {http: /readyz, port: http}\n"
             "  liveness: {tcp: true, port: http}\n"
             "requires: [db, worker]\n"
             "env:\n"
             "  PORT: \"8080\"\n"
             "  DB_URL: postgresql://${dep.db.user}:${secret:db-password}@${dep.db.host}/${dep.db.database}\n"
             "  NAME: ${service.name}\n"
             "expose:\n"
             "  host: api.${env.domain}\n");
  write_file(root / "services/worker/service.yaml",
             "image: registry.example/worker:1\n"
             "ports: [{name: grpc, port: 50051}, {name: http, port: 8080, protocol: TCP}]\n"
             "probes: {readiness: {exec: [/bin/true]}}\n"
             "requires: [cache]\n"
             "env: {REDIS_HOST: \"${dep.cache.host}\", MODE: batch}\n"
             "autoscale: false\n");
  write_file(root / "services/web/service.yaml",
             "build: {dockerfile: services/web/Dockerfile, inputs: [services/web]}\n"
             "ports: [{name: http, port: 80}]\n"
             "requires: [api]\n"
             "grace_period: 10\n");
}

void remove_project() {
  std::error_code ec;
  if (!g_root.empty()) fs::remove_all(g_root, ec);
}

/// The --set flag for an input: its first line, without a leading "#" and
/// spaces, so a seed can start with "# services.api.replicas=3" and stay a
/// valid environment file.
std::string set_flag_from(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  size_t start = line.find_first_not_of("# ");
  return start == std::string::npos ? std::string() : line.substr(start, 256);
}

[[noreturn]] void finding(const char* where, const char* what) {
  std::fprintf(stderr, "fuzz: %s threw a non-InvalidInput exception: %s\n", where, what);
  std::abort();
}

template <typename F>
void expect_valid_or_invalid_input(const char* where, F&& f) {
  try {
    f();
  } catch (const config::InvalidInput&) {
    // Expected for bad input.
  } catch (const std::exception& e) {
    finding(where, e.what());
  } catch (...) {
    finding(where, "(not a std::exception)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl = (fs::temp_directory_path() / "stackctl-fuzz-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::perror("fuzz: mkdtemp");
    std::abort();
  }
  g_root = buf.data();
  g_verbose = std::getenv("STACKCTL_FUZZ_VERBOSE") != nullptr;
  create_project(g_root);
  std::atexit(remove_project);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  write_file(g_root / "environments/fuzz.yaml", text);

  // The parser alone, then overrides applied to whatever it produced.
  config::Node tree = config::Node::map({});
  expect_valid_or_invalid_input("parse_yaml", [&] { tree = config::parse_yaml(text, "environments/fuzz.yaml"); });
  std::vector<config::Override> overrides;
  const std::string flag = set_flag_from(text);
  expect_valid_or_invalid_input("parse_set_flag", [&] {
    if (!flag.empty()) overrides.push_back(config::parse_set_flag(flag));
  });
  expect_valid_or_invalid_input("apply_overrides", [&] { config::apply_overrides(tree, overrides); });

  // The whole loader: extends chain, overrides, interpolation, decoding, validation.
  config::LoadOptions options;
  options.root = g_root;
  options.environment = "fuzz";
  options.overrides = overrides;
  if (size > 0 && data[0] % 8 == 0) options.copy = "pr-1";  // also the --copy path, now and then
  expect_valid_or_invalid_input("load_environment", [&] {
    const config::LoadedEnvironment loaded = config::load_environment(options);
    if (g_verbose)  // for checking what a seed exercises
      for (const auto& d : loaded.diags.sorted()) std::fprintf(stderr, "  %s\n", d.to_string().c_str());
  });
  return 0;
}
