// A service built only for the service kit's tests (service-kit): the
// smallest user of services/common, with endpoints that are slow, fail or
// reject on purpose.
#include <chrono>
#include <filesystem>
#include <thread>

#include "kit/log.hpp"
#include "kit/main.hpp"

int main(int argc, char** argv) {
  return kit::run_main("kit-fixture", argc, argv, [](const std::vector<std::string>&) {
    kit::Config config;
    auto options = kit::serve_options(config);
    auto ready_file = config.required("READY_FILE");
    auto max_sleep = config.integer("MAX_SLEEP_MS", 10000, 0, 60000);
    config.finish();

    kit::Service service(kit::service_info("kit-fixture"));
    service.readiness_check("ready-file", [ready_file] {
      if (!std::filesystem::exists(ready_file)) throw std::runtime_error(ready_file + " does not exist");
    });
    service.get("/slow/{ms}", [max_sleep](const kit::Request& req, kit::Response& res) {
      auto ms = std::stoll(req.matches[1]);
      if (ms > max_sleep) throw kit::HttpError(400, "too slow", {{"max_ms", max_sleep}});
      kit::log::info("sleeping", {{"ms", ms}});
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      kit::send_json(res, 200, {{"slept_ms", ms}});
    });
    service.get("/fail", [](const kit::Request&, kit::Response&) { throw std::runtime_error("boom"); });
    service.post("/echo", [](const kit::Request& req, kit::Response& res) {
      kit::send_json(res, 200, kit::parse_json_body(req));
    });
    return service.run(options);
  });
}
