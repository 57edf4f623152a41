// The process exit codes, documented in README.md.
#pragma once

namespace stackctl::app {

enum ExitCode : int {
  ok = 0,
  error = 1,  // invalid input, a failed operation
  usage = 2,  // bad command line
};

}  // namespace stackctl::app
