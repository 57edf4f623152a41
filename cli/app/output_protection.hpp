// Once a command has decrypted secrets, everything the process and its
// children print goes through the redactor (app/redactor.hpp) until main
// releases it at exit.
#pragma once

#include <map>
#include <string>

namespace stackctl::app {

/// Masks every value of `secrets` (name -> value) in stderr and, when
/// `include_stdout`, stdout. Values added by a later call join the first.
void protect_output(const std::map<std::string, std::string>& secrets, bool include_stdout = true);

/// Restores the real stdout and stderr; main calls it before exiting.
void release_output();

}  // namespace stackctl::app
