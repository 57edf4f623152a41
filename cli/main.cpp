// CLI11 wiring only: global flags, the verbs, and the one place errors are
// printed and turned into exit codes.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>

#include "app/exit_code.hpp"
#include "app/output_protection.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "config/suggest.hpp"

using namespace stackctl;

namespace {

int run(int argc, char** argv) {
  CLI::App app{"stackctl: build, deploy and operate a stack from one description"};
  app.name("stackctl");
  app.footer(
      "Examples:\n"
      "  stackctl up                          build and start the local environment\n"
      "  stackctl status                      is every container running and ready?\n"
      "  stackctl validate staging            check every file of an environment\n"
      "  stackctl render staging --out out/   write the manifests for review\n"
      "  stackctl render staging --copy pr-42 a scaled-down copy, no new file\n"
      "  stackctl envs                        list environments\n\n"
      "Exit codes: 0 ok, 1 error, 2 usage. Run 'stackctl VERB --help' for details.");
  app.set_version_flag("--version", std::string("stackctl ") + STACKCTL_VERSION, "Print the version and exit");
  app.require_subcommand(1);
  app.fallthrough();
  commands::GlobalOptions g;
  app.add_option("-C", g.root, "Run as if started in DIR (the project root)")->type_name("DIR");
  app.add_flag_callback(
      "--no-color", [] { app::Terminal::get().disable_color(); }, "Disable colour (also NO_COLOR=1)");
  commands::register_validate(app, g);
  commands::register_render(app, g);
  commands::register_envs(app, g);
  commands::register_version(app, g);
  commands::register_up(app, g);
  commands::register_down(app, g);
  commands::register_status(app, g);
  commands::register_logs(app, g);
  commands::register_history(app, g);
  commands::register_rollback(app, g);
  commands::register_plan(app, g);
  commands::register_secrets(app, g);

  // CLI11 reports an unknown verb as a missing one; say what was wrong.
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-C") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    std::vector<std::string> verbs;
    for (const auto* sub : app.get_subcommands({})) verbs.push_back(sub->get_name());
    if (std::find(verbs.begin(), verbs.end(), arg) == verbs.end()) {
      app::Terminal::get().error("unknown command \"" + arg + "\"" + config::did_you_mean(arg, verbs) +
                                 "; run 'stackctl --help' for the list");
      return app::usage;
    }
    break;
  }
  if (argc == 1) {
    std::printf("%s", app.help().c_str());
    return app::usage;
  }

  try {
    app.parse(argc, argv);
    return g.exit_code;
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? app::ok : app::usage;
  } catch (const config::InvalidInput& e) {
    commands::print_diagnostics(e.diagnostics());
    const size_t n = e.diagnostics().size();
    app::Terminal::get().error(n == 1 ? std::string("invalid input") : std::to_string(n) + " problems in the input");
    return app::error;
  } catch (const std::exception& e) {
    app::Terminal::get().error(e.what());
    return app::error;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int code = run(argc, argv);
  stackctl::app::release_output();  // after the last message, which is redacted too
  return code;
}
