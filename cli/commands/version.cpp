// stackctl version
#include <nlohmann/json.hpp>

#include <cstdio>

#include "commands/commands.hpp"

namespace stackctl::commands {

void register_version(CLI::App& app, GlobalOptions& g) {
  auto output = std::make_shared<std::string>();
  CLI::App* verb = app.add_subcommand("version", "Print the version of stackctl");
  add_output_option(verb, *output, {"text", "json"});
  verb->footer("Examples:\n  stackctl version\n  stackctl version -o json");
  verb->callback([&g, output] {
    if (*output == "json")
      std::printf("%s\n", nlohmann::json{{"version", STACKCTL_VERSION}}.dump(2).c_str());
    else
      std::printf("stackctl %s\n", STACKCTL_VERSION);
    g.exit_code = 0;
  });
}

}  // namespace stackctl::commands
