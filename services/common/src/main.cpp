#include "kit/main.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "kit/log.hpp"

namespace kit {

ServiceInfo service_info(const std::string& name, const char* version, const char* commit) {
  const char* override_commit = std::getenv("GIT_COMMIT");
  return {name, version, override_commit && *override_commit ? override_commit : commit};
}

namespace {
int healthcheck() {
  Config config;
  auto port = config.integer("PORT", 8080, 1, 65535);
  config.finish();
  httplib::Client client("127.0.0.1", static_cast<int>(port));
  client.set_connection_timeout(2);
  client.set_read_timeout(2);
  auto res = client.Get("/healthz");
  if (res && res->status == 200) return 0;
  std::fprintf(stderr, "healthcheck: GET http://127.0.0.1:%lld/healthz: %s\n", static_cast<long long>(port),
               res ? std::to_string(res->status).c_str() : httplib::to_string(res.error()).c_str());
  return 1;
}
}  // namespace

int run_main(const std::string& name, int argc, char** argv,
             const std::function<int(const std::vector<std::string>& args)>& body, const Migrate& migrate) {
  log::set_service(name);
  if (const char* level = std::getenv("LOG_LEVEL")) log::set_min_level(log::parse_level(level, log::Level::info));
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  try {
    if (args.size() == 1 && args[0] == "healthcheck") return healthcheck();
    if (migrate && !args.empty() && args[0] == "migrate") {
      if (args.size() > 1) {
        std::fprintf(stderr, "%s: migrate takes no arguments\n", name.c_str());
        return 2;
      }
      std::printf("%s: %d migration(s) applied\n", name.c_str(), migrate());
      return 0;
    }
    return body(args);
  } catch (const ConfigError& e) {
    log::error("config_invalid", {{"problems", e.problems()}});
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return 78;
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return 1;
  }
}

}  // namespace kit
