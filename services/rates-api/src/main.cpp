// rates-api (brief 004): average shipping rates between ports and regions.
//
//   rates-api [serve]     migrate, then serve HTTP on $PORT
//   rates-api migrate     apply the schema migrations and exit
//   rates-api seed FILE   migrate, then load a pg_dump data file once
#include <cstdio>

#include "batch.hpp"
#include "kit/log.hpp"
#include "kit/main.hpp"
#include "kit/pg.hpp"
#include "kit/pg_http.hpp"
#include "rates_query.hpp"
#include "seed.hpp"

namespace service {
const std::vector<kit::pg::Migration>& migrations();
}

namespace {

const char* const usage =
    "usage: rates-api [serve]     serve the API on $PORT (migrates first unless MIGRATE_ON_START=false)\n"
    "       rates-api migrate     apply the schema migrations and exit\n"
    "       rates-api seed FILE   apply migrations, then load FILE's data once\n"
    "       rates-api healthcheck GET /healthz on 127.0.0.1:$PORT\n"
    "       rates-api query-sql   print the SQL behind GET /rates ($1..$4: date_from, date_to, origin, destination)\n";

int serve(kit::Config& config, kit::pg::Settings db) {
  auto options = kit::serve_options(config);
  auto max_range = static_cast<int>(config.integer("MAX_RANGE_DAYS", 366, 1, 36600));
  rates::BatchOptions batch;
  batch.max_rows = static_cast<std::size_t>(config.integer("MAX_BATCH_ROWS", 200000, 1, 10000000));
  config.finish();

  kit::Service service(kit::service_info("rates-api"));
  auto database = kit::pg::open_database(service, db, service::migrations());
  auto& pool = *database;
  service.get("/rates", [&pool, max_range](const kit::Request& req, kit::Response& res) {
    auto request = rates::parse_rates_request(req, max_range);
    auto conn = kit::pg::lease(pool);
    res.set_content(rates::query_rates(*conn, request), "application/json");
  });
  service.post("/prices/batch", rates::BatchHandler(pool, service.metrics(), batch));
  return service.run(options);
}

}  // namespace

int main(int argc, char** argv) {
  return kit::run_main(
      "rates-api", argc, argv,
      [](const std::vector<std::string>& args) {
        std::string command = args.empty() ? "serve" : args[0];
        if (command == "query-sql" && args.size() == 1) {
          std::puts(rates::rates_sql);
          return 0;
        }
        kit::Config config;
        auto db = kit::pg::settings(config);
        if (command == "serve" && args.size() <= 1) return serve(config, db);
        if (command == "seed" && args.size() == 2) {
          config.finish();
          kit::pg::Connection conn(db);
          kit::pg::migrate(conn, service::migrations());
          auto result = rates::run_seed(conn, args[1]);
          if (result.applied)
            std::printf("rates-api: seed %s loaded (%lld rows)\n", args[1].c_str(), result.rows);
          else
            std::printf("rates-api: seed %s was loaded before; nothing to do\n", args[1].c_str());
          return 0;
        }
        std::fputs(usage, stderr);
        return 2;
      },
      kit::pg::migrate_command(service::migrations()));
}
