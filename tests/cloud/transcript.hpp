// Replays a recorded transcript (tests/fixtures/cloud/transcripts/NAME.json)
// through transcript_stub.py installed as TOOL first on the child's PATH; the
// stub refuses any argv other than the recorded one. env() is what a driver's
// options.env must carry; calls_made() says how many recorded calls ran.
#pragma once

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "temp_dir.hpp"

namespace stackctl::testing {

struct Transcript {
  TempDir dir;
  std::string file;
  explicit Transcript(const std::string& tool, const std::string& name)
      : file(std::string(STACKCTL_FIXTURES_DIR) + "/cloud/transcripts/" + name + ".json") {
    add_tool(tool);
  }
  /// Installs the stub as one more tool of the same transcript.
  void add_tool(const std::string& tool) {
    dir.write("bin/" + tool, "#!/bin/sh\nSTACKCTL_TRANSCRIPT_TOOL=" + tool + " exec python3 '" +
                                 STACKCTL_TRANSCRIPT_STUB + "' \"$@\"\n",
              true);
  }
  /// What call `index` (from 0) read on stdin, when it has "reads_stdin".
  std::string stdin_of(size_t index) const {
    std::ifstream in(dir.path / ("state.stdin." + std::to_string(index)));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::map<std::string, std::string> env() const {
    const char* path = std::getenv("PATH");
    return {{"PATH", (dir.path / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")},
            {"STACKCTL_TRANSCRIPT", file},
            {"STACKCTL_TRANSCRIPT_STATE", (dir.path / "state").string()}};
  }
  size_t recorded_calls() const {
    std::ifstream in(file);
    return nlohmann::json::parse(in).at("calls").size();
  }
  size_t calls_made() const {
    std::ifstream in(dir.path / "state");
    size_t n = 0;
    in >> n;
    return n;
  }
};

}  // namespace stackctl::testing
