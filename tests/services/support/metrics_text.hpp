// Reading a Prometheus text exposition in tests.
#pragma once

#include <sstream>
#include <string>

namespace test {

// The value of the sample whose name and labels are exactly `series`
// (e.g. `http_requests_total{method="GET",route="/x",status="200"}`), or
// "missing".
inline std::string metric_value(const std::string& metrics, const std::string& series) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return line.substr(series.size() + 1);
  return "missing";
}

}  // namespace test
