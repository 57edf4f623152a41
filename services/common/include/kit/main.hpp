// The entry point every bundled service shares.
#pragma once

#include <functional>
#include <string>

#include "kit/http.hpp"

namespace kit {

// Version and commit baked into the service executable at build time
// (SERVICE_VERSION, SERVICE_GIT_COMMIT, set by bundled_service()); the
// GIT_COMMIT environment variable, when set, overrides the commit.
ServiceInfo service_info(const std::string& name, const char* version, const char* commit);

#if defined(SERVICE_VERSION) && defined(SERVICE_GIT_COMMIT)
inline ServiceInfo service_info(const std::string& name) {
  return service_info(name, SERVICE_VERSION, SERVICE_GIT_COMMIT);
}
#endif

// Sets up logging (LOG_LEVEL) for `name`, runs `body` and turns what
// escapes it into an exit code: a ConfigError is printed with every
// variable it names and exits 78 (EX_CONFIG); any other exception is logged
// and exits 1.
int run_main(const std::string& name, const std::function<int()>& body);

}  // namespace kit
