// Replays a recorded transcript (tests/fixtures/cloud/transcripts/NAME.json)
// through transcript_stub.py installed as TOOL first on the child's PATH; the
// stub refuses any argv other than the recorded one. env() is what a driver's
// options.env must carry; calls_made() says how many recorded calls ran.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "temp_dir.hpp"

namespace stackctl::testing {

struct Transcript {
  TempDir dir;
  std::string file;
  explicit Transcript(const std::string& tool, const std::string& name)
      : file(std::string(STACKCTL_FIXTURES_DIR) + "/cloud/transcripts/" + name + ".json") {
    dir.write("bin/" + tool, std::string("#!/bin/sh\nexec python3 '") + STACKCTL_TRANSCRIPT_STUB + "' \"$@\"\n", true);
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
