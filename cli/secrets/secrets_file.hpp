// environments/<env>.secrets.yaml: an environment's secrets, SOPS style.
// Names, recipients and structure are plain YAML; each value is encrypted
// on its own, so a diff shows which secret changed and never its value.
//
//   # stackctl secrets of environment "staging" (docs/secrets.md). ...
//   version: 1
//   environment: staging
//   recipients:
//     - {name: alice, key: age1...}
//     - {name: ci, key: age1...}
//   data_key: |
//     -----BEGIN AGE ENCRYPTED FILE-----     (the data key, to every recipient)
//     ...
//   secrets:
//     rates-db-password: ENC[xchacha20poly1305,nonce:...,data:...]
//   mac: 5f0c...                             (keyed BLAKE2b over everything above)
//
// This layer reads and writes the structure only; vault.hpp does the crypto.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/node.hpp"

namespace stackctl::secrets {

struct RecipientEntry {
  std::string name;  // who holds the key: "alice", "ci" (may be empty)
  std::string key;   // age1...
  config::Mark mark;
};

struct SecretEntry {
  std::string name;
  std::string token;  // ENC[...]
  config::Mark mark;
};

struct SecretsFile {
  std::string environment;
  std::vector<RecipientEntry> recipients;
  std::string data_key;              // armored age file holding the data key
  std::vector<SecretEntry> secrets;  // sorted by name
  std::string mac;                   // hex
  const SecretEntry* find(const std::string& name) const;
};

/// "environments/<env>.secrets.yaml", relative to the project root.
std::string secrets_file_name(const std::string& environment);
std::filesystem::path secrets_file_path(const std::filesystem::path& root, const std::string& environment);

/// Throws config::InvalidInput with every structural problem at its
/// file:line:column (unknown keys, wrong types, a name that is not a
/// DNS-1123 name, a value that is not an ENC[...] token, a file for another
/// environment).
SecretsFile parse_secrets_file(const std::string& text, const std::string& display, const std::string& environment);

/// nullopt when the environment has no secrets file.
std::optional<SecretsFile> read_secrets_file(const std::filesystem::path& root, const std::string& environment);

/// The file's text; deterministic (secrets sorted by name).
std::string format_secrets_file(const SecretsFile& file);

/// Replaces the file atomically; the old one stays intact on any failure.
void write_secrets_file(const std::filesystem::path& root, const SecretsFile& file);

}  // namespace stackctl::secrets
