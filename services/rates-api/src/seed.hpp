// `rates-api seed FILE`: loads the data of a pg_dump plain-text file (brief
// 004's rates.sql) into the migrated schema.
//
// Only the dump's COPY sections are read, and only into the tables the
// migrations own (regions, ports, prices) with their known columns; the
// dump's schema statements are skipped because migrations own the schema.
// The whole file loads in one transaction. The file's checksum is recorded
// under its name, so running the seed again is a no-op and a changed file
// with the same name is refused.
#pragma once

#include <string>

#include "kit/pg.hpp"

namespace rates {

struct SeedResult {
  bool applied;  // false: this file was loaded before
  long long rows;
};

// Throws std::runtime_error naming FILE:LINE for a malformed dump.
SeedResult run_seed(kit::pg::Connection& conn, const std::string& path);

}  // namespace rates
