#include "app/terminal.hpp"

#include <unistd.h>

#include <cstdlib>

namespace stackctl::app {

Terminal& Terminal::get() {
  static Terminal t;
  return t;
}

Terminal::Terminal() {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool allowed = !(no_color && *no_color) && !(term && std::string(term) == "dumb");
  color_out_ = allowed && isatty(STDOUT_FILENO);
  color_err_ = allowed && isatty(STDERR_FILENO);
}

std::string Terminal::wrap(const char* code, const std::string& s, bool err) const {
  if (!(err ? color_err_ : color_out_)) return s;
  return std::string("\033[") + code + "m" + s + "\033[0m";
}

std::string Terminal::bold(const std::string& s, bool err) const { return wrap("1", s, err); }
std::string Terminal::red(const std::string& s, bool err) const { return wrap("1;31", s, err); }
std::string Terminal::green(const std::string& s, bool err) const { return wrap("32", s, err); }
std::string Terminal::yellow(const std::string& s, bool err) const { return wrap("1;33", s, err); }
std::string Terminal::dim(const std::string& s, bool err) const { return wrap("2", s, err); }

void Terminal::error(const std::string& message) const {
  std::fprintf(stderr, "stackctl: %s %s\n", red("error:").c_str(), message.c_str());
}

void Terminal::warning(const std::string& message) const {
  std::fprintf(stderr, "stackctl: %s %s\n", yellow("warning:").c_str(), message.c_str());
}

}  // namespace stackctl::app
