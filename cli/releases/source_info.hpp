// Who deploys what: the project's git commit and the user's name, recorded
// in every release and as an image label.
#pragma once

#include <filesystem>
#include <string>

namespace stackctl::releases {

/// The HEAD commit of the git repository holding `root` ("" outside git),
/// with "-dirty" when tracked files differ from it.
std::string source_commit(const std::filesystem::path& root);

/// $STACKCTL_USER, else the login name, else the uid.
std::string current_user();

}  // namespace stackctl::releases
