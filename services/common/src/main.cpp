#include "kit/main.hpp"

#include <cstdio>
#include <cstdlib>

#include "kit/log.hpp"

namespace kit {

ServiceInfo service_info(const std::string& name, const char* version, const char* commit) {
  const char* override_commit = std::getenv("GIT_COMMIT");
  return {name, version, override_commit && *override_commit ? override_commit : commit};
}

int run_main(const std::string& name, const std::function<int()>& body) {
  log::set_service(name);
  if (const char* level = std::getenv("LOG_LEVEL")) log::set_min_level(log::parse_level(level, log::Level::info));
  try {
    return body();
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
