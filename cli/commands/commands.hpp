// One registration function per verb; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>

#include "commands/command_context.hpp"

namespace stackctl::commands {

void register_validate(CLI::App& app, GlobalOptions& g);
void register_render(CLI::App& app, GlobalOptions& g);
void register_envs(CLI::App& app, GlobalOptions& g);
void register_version(CLI::App& app, GlobalOptions& g);
void register_secrets(CLI::App& app, GlobalOptions& g);
void register_up(CLI::App& app, GlobalOptions& g);
void register_down(CLI::App& app, GlobalOptions& g);
void register_status(CLI::App& app, GlobalOptions& g);
void register_logs(CLI::App& app, GlobalOptions& g);
void register_history(CLI::App& app, GlobalOptions& g);
void register_rollback(CLI::App& app, GlobalOptions& g);
void register_plan(CLI::App& app, GlobalOptions& g);

}  // namespace stackctl::commands
