#include "app/table.hpp"

#include <algorithm>
#include <cstdio>

#include "app/terminal.hpp"

namespace stackctl::app {

void print_table(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return;
  const size_t columns = rows.front().size();
  std::vector<size_t> width(columns, 0);
  for (const auto& r : rows)
    for (size_t i = 0; i + 1 < columns && i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  const auto& term = Terminal::get();
  for (size_t n = 0; n < rows.size(); ++n) {
    std::string line;
    for (size_t i = 0; i < rows[n].size(); ++i) {
      line += rows[n][i];
      if (i + 1 < columns) line += std::string(width[i] - rows[n][i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", n == 0 ? term.bold(line).c_str() : line.c_str());
  }
}

}  // namespace stackctl::app
