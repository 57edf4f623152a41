// Where stackctl writes for people: colour only on a terminal and never when
// NO_COLOR is set or --no-color given (https://no-color.org).
#pragma once

#include <cstdio>
#include <string>

namespace stackctl::app {

class Terminal {
 public:
  static Terminal& get();
  void disable_color() { color_out_ = color_err_ = false; }
  bool color_stdout() const { return color_out_; }
  bool color_stderr() const { return color_err_; }

  std::string bold(const std::string& s, bool err = false) const;
  std::string red(const std::string& s, bool err = true) const;
  std::string green(const std::string& s, bool err = false) const;
  std::string yellow(const std::string& s, bool err = true) const;
  std::string dim(const std::string& s, bool err = false) const;

  /// "stackctl: error: MESSAGE" on stderr.
  void error(const std::string& message) const;
  void warning(const std::string& message) const;

 private:
  Terminal();
  std::string wrap(const char* code, const std::string& s, bool err) const;
  bool color_out_ = false;
  bool color_err_ = false;
};

}  // namespace stackctl::app
