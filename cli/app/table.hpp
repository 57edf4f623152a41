// Column-aligned tables on stdout, kubectl style: a bold header row, two
// spaces between columns, no trailing blanks.
#pragma once

#include <string>
#include <vector>

namespace stackctl::app {

/// Prints `rows` (the first is the header). Cells may hold colour codes only
/// in the last column, which is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace stackctl::app
