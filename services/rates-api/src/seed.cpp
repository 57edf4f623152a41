#include "seed.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "kit/log.hpp"

namespace rates {

namespace {

const std::map<std::string, std::string> seedable = {
    {"regions", "slug, name, parent_slug"},
    {"ports", "code, name, parent_slug"},
    {"prices", "orig_code, dest_code, day, price"},
};

struct Section {
  std::string table;
  std::string columns;
  std::size_t line;  // of the COPY statement
  std::string data;  // COPY text format, one row per line
};

std::vector<Section> read_sections(const std::string& path, const std::string& text) {
  static const std::regex copy_line(R"(^COPY (?:[a-z_]+\.)?([a-z_]+) \(([a-z_, ]+)\) FROM stdin;$)");
  std::vector<Section> sections;
  std::istringstream in(text);
  std::string line;
  std::size_t number = 0;
  Section* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open) {
      if (line == "\\.") {
        open = nullptr;
      } else {
        open->data += line;
        open->data += '\n';
      }
      continue;
    }
    if (line.rfind("COPY ", 0) != 0) continue;
    std::smatch m;
    auto where = path + ":" + std::to_string(number) + ": ";
    if (!std::regex_match(line, m, copy_line)) throw std::runtime_error(where + "unsupported COPY statement: " + line);
    auto table = seedable.find(m[1]);
    if (table == seedable.end()) throw std::runtime_error(where + "table " + m[1].str() + " is not seedable");
    if (m[2] != table->second)
      throw std::runtime_error(where + "columns (" + m[2].str() + ") of " + table->first + " are not (" +
                               table->second + ")");
    sections.push_back({table->first, table->second, number, {}});
    open = &sections.back();
  }
  if (open)
    throw std::runtime_error(path + ":" + std::to_string(open->line) + ": COPY " + open->table +
                             " is not terminated by \\.");
  if (sections.empty()) throw std::runtime_error(path + ": no COPY sections; is this a pg_dump plain-text file?");
  return sections;
}

}  // namespace

SeedResult run_seed(kit::pg::Connection& conn, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the seed file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto text = buffer.str();
  auto name = std::filesystem::path(path).filename().string();
  auto sum = kit::pg::checksum(text);
  auto sections = read_sections(path, text);

  kit::pg::Transaction tx(conn);
  // One seed at a time; a second runner waits, then finds it applied.
  conn.exec("SELECT pg_advisory_xact_lock(7311281)");
  auto earlier = conn.exec("SELECT checksum FROM seeds WHERE name = $1", {name});
  if (earlier.rows() > 0) {
    if (earlier.text(0, 0) != sum)
      throw std::runtime_error("seed " + name + " was applied before with different contents; seeds load once " +
                               "(load new prices through POST /prices/batch)");
    return {false, 0};
  }
  conn.exec("SET CONSTRAINTS ALL DEFERRED");
  long long rows = 0;
  for (const auto& section : sections) {
    try {
      rows += conn.copy_in("COPY " + section.table + " (" + section.columns + ") FROM STDIN",
                           [&](kit::pg::CopyWriter& w) { w.rows(section.data); });
    } catch (const kit::pg::Error& e) {
      throw std::runtime_error(path + ":" + std::to_string(section.line) + ": loading " + section.table + ": " +
                               e.what());
    }
  }
  conn.exec("INSERT INTO seeds (name, checksum, rows) VALUES ($1, $2, $3)", {name, sum, std::to_string(rows)});
  try {
    tx.commit();  // deferred foreign keys are checked here
  } catch (const kit::pg::Error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  // Fresh statistics, so the first queries get index plans.
  conn.exec("ANALYZE regions, ports, prices");
  kit::log::info("seed_applied", {{"seed", name}, {"rows", rows}});
  return {true, rows};
}

}  // namespace rates
