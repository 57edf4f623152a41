// What the `stackctl secrets` verbs share: finding the environment, opening
// its secrets with the user's key, and reading a value without argv.
#pragma once

#include <string>

#include "commands/command_context.hpp"
#include "secrets/vault.hpp"

namespace stackctl::commands {

/// Throws unless environments/<env>.yaml exists and can be deployed.
void require_environment(const GlobalOptions& g, const std::string& environment);

/// Throws unless `name` can name a secret (a DNS-1123 name).
void require_secret_name(const std::string& name);

/// Reads the environment's secrets file, opens it with the user's identities
/// and, from then on, masks every value in this process' output (stderr,
/// and stdout when `redact_stdout`).
secrets::Vault open_vault(const GlobalOptions& g, const std::string& environment, bool redact_stdout = true);

/// Writes the vault's file back (atomically).
void save_vault(const GlobalOptions& g, const secrets::Vault& vault);

/// A secret value from stdin when it is not a terminal (one trailing newline
/// dropped), else from a no-echo prompt on the terminal, asked twice.
/// Never empty.
std::string read_secret_value(const std::string& name);

}  // namespace stackctl::commands
