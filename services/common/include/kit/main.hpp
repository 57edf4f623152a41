// The entry point every bundled service shares.
#pragma once

#include <functional>
#include <string>
#include <vector>

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

// Sets up logging (LOG_LEVEL) for `name`, runs `body` with the command-line
// arguments after the program name, and turns what escapes it into an exit
// code: a ConfigError is printed with every variable it names and exits 78
// (EX_CONFIG); any other exception is logged and exits 1.
//
// `<service> healthcheck` is handled here for every service: GET /healthz on
// 127.0.0.1:$PORT, exit 0 when it answers 200. Images use it as their
// HEALTHCHECK, so they need no curl.
//
// `<service> migrate` is handled here for a service that passes `migrate`
// (kit::pg::migrate_command for PostgreSQL): it runs, "<service>: N
// migration(s) applied" is printed and the exit is 0; arguments after
// `migrate` are a usage error (exit 2). Without `migrate`, body gets it.
using Migrate = std::function<int()>;  // applies the pending migrations, returns how many
int run_main(const std::string& name, int argc, char** argv,
             const std::function<int(const std::vector<std::string>& args)>& body, const Migrate& migrate = {});

}  // namespace kit
