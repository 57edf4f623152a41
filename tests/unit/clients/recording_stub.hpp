// A stand-in for a CLI (terraform, gcloud, aws, kubectl) that records what it
// was given: argv one word per line, its environment, its stdin; then prints
// `stdout_text` and exits with `exit_code`.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace stackctl::testing {

struct RecordingStub {
  TempDir dir;
  std::filesystem::path binary;

  explicit RecordingStub(const std::string& name, const std::string& stdout_text = "", int exit_code = 0) {
    dir.write("stdout", stdout_text);
    binary = dir.write("bin/" + name,
                       "#!/bin/sh\n"
                       "d='" + dir.path.string() + "'\n"
                       "printf '%s\\n' \"$@\" > \"$d/argv\"\n"
                       "env > \"$d/env\"\n"
                       "cat > \"$d/stdin\"\n"
                       "pwd > \"$d/pwd\"\n"
                       "cat \"$d/stdout\"\n"
                       "exit " + std::to_string(exit_code) + "\n",
                       true);
  }
  std::string read(const std::string& file) const {
    std::ifstream in(dir.path / file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> argv() const {
    std::vector<std::string> words;
    std::istringstream in(read("argv"));
    for (std::string line; std::getline(in, line);) words.push_back(line);
    return words;
  }
  bool env_has(const std::string& entry) const { return ("\n" + read("env")).find("\n" + entry + "\n") != std::string::npos; }
};

}  // namespace stackctl::testing
