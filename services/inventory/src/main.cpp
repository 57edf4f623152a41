// inventory (brief 000): the hospital storage-room read service. RFID
// readers post batches of reads; clients ask which tagged items are still
// in a room and which SKUs are below their minimum.
//
//   inventory [serve]     migrate, then serve HTTP on $PORT
//   inventory migrate     apply the schema migrations and exit
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "database.hpp"
#include "items.hpp"
#include "kit/log.hpp"
#include "kit/main.hpp"
#include "kit/pg.hpp"
#include "kit/pg_http.hpp"
#include "minimums.hpp"
#include "reads.hpp"
#include "restock.hpp"

namespace service {
const std::vector<kit::pg::Migration>& migrations();
}

namespace {

const char* const usage =
    "usage: inventory [serve]     serve the API on $PORT (migrates first unless MIGRATE_ON_START=false)\n"
    "       inventory migrate     apply the schema migrations and exit\n"
    "       inventory healthcheck GET /healthz on 127.0.0.1:$PORT\n";

int serve(kit::Config& config, const kit::pg::Settings& db) {
  auto options = kit::serve_options(config);
  inventory::Options inventory;
  inventory.window_seconds = config.integer("PRESENCE_WINDOW_SECONDS", inventory.window_seconds, 1, 10LL * 366 * 86400);
  inventory.max_batch_reads = static_cast<std::size_t>(
      config.integer("MAX_BATCH_READS", static_cast<std::int64_t>(inventory.max_batch_reads), 1, 10'000'000));
  inventory.max_clock_skew_seconds =
      config.integer("MAX_CLOCK_SKEW_SECONDS", inventory.max_clock_skew_seconds, 0, 86400);
  config.finish();

  kit::Service service(kit::service_info("inventory"));
  auto database = kit::pg::open_database(service, db, service::migrations());
  auto& pool = *database;
  service.post("/reads", inventory::ReadsHandler(pool, service.metrics(), inventory));
  service.get("/rooms/{room}/items", inventory::ItemsHandler(pool, inventory));
  service.get("/rooms/{room}/restock", inventory::RestockHandler(pool, inventory));
  service.get("/rooms/{room}/minimums",
              [&pool](const kit::Request& req, kit::Response& res) { inventory::get_minimums(pool, req, res); });
  service.put("/rooms/{room}/minimums",
              [&pool](const kit::Request& req, kit::Response& res) { inventory::put_minimums(pool, req, res); });
  kit::log::info("inventory_config", {{"presence_window_seconds", inventory.window_seconds},
                                      {"max_batch_reads", inventory.max_batch_reads},
                                      {"max_clock_skew_seconds", inventory.max_clock_skew_seconds},
                                      {"database", db.describe()}});
  return service.run(options);
}

}  // namespace

int main(int argc, char** argv) {
  return kit::run_main(
      "inventory", argc, argv,
      [](const std::vector<std::string>& args) {
        std::string command = args.empty() ? "serve" : args[0];
        if (command != "serve") {
          std::fprintf(stderr, "inventory: unknown command \"%s\"\n%s", command.c_str(), usage);
          return 2;
        }
        if (args.size() > 1) {
          std::fprintf(stderr, "inventory: serve takes no arguments\n%s", usage);
          return 2;
        }
        kit::Config config;
        return serve(config, kit::pg::settings(config));
      },
      kit::pg::migrate_command(service::migrations()));
}
