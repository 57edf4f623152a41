// Where a user's age identities (private keys) come from:
//   1. STACKCTL_AGE_KEY: identities in the variable itself (CI passes its
//      key this way; one AGE-SECRET-KEY-1... per line);
//   2. STACKCTL_AGE_KEY_FILE: an identity file;
//   3. $XDG_CONFIG_HOME/stackctl/age-keys.txt, else
//      ~/.config/stackctl/age-keys.txt (`stackctl secrets keygen` writes it).
// Identity files are age-keygen's format, so age's own files work too.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "crypto/age.hpp"

namespace stackctl::secrets {

struct LoadedIdentities {
  std::vector<crypto::age::Identity> identities;
  std::string source;  // "STACKCTL_AGE_KEY", or the file
};

std::filesystem::path default_key_file();

/// Every identity from the first source that exists. Throws
/// std::runtime_error telling how to get one when there is none.
LoadedIdentities load_identities();

/// Creates `path` (mode 0600, parent folders 0700) holding a new identity,
/// refusing to overwrite; returns the identity.
crypto::age::Identity write_new_identity(const std::filesystem::path& path);

}  // namespace stackctl::secrets
