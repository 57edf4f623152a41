#include "app/output_protection.hpp"

#include <memory>

#include "app/output_guard.hpp"
#include "app/redactor.hpp"
#include "app/terminal.hpp"

namespace stackctl::app {

namespace {
std::shared_ptr<Redactor> redactor;
std::unique_ptr<OutputGuard> guard;
}  // namespace

void protect_output(const std::map<std::string, std::string>& secrets, bool include_stdout) {
  Terminal::get();  // colour is decided on the real terminal, before redirection
  if (!redactor) redactor = std::make_shared<Redactor>();
  for (const auto& [name, value] : secrets) redactor->add(name, value);
  if (!guard) guard = std::make_unique<OutputGuard>(redactor, include_stdout);
}

void release_output() {
  if (guard) guard->finish();
  guard.reset();
}

}  // namespace stackctl::app
