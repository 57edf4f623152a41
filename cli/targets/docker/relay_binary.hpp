// The stackctl-relay binary (cli/relay/) and the image stackctl builds from
// it: each published port of a service is owned by a small relay container
// that forwards to the service's network alias, so a service container can
// be replaced without giving up the host port. The image is `FROM scratch`
// with nothing but the static binary, so it builds with no registry.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace stackctl::targets::docker {

/// Where stackctl finds the relay binary: $STACKCTL_RELAY when set (and not
/// empty) wins; otherwise `stackctl-relay` next to the running executable
/// (/proc/self/exe, the build tree), then `../libexec/stackctl/stackctl-relay`
/// relative to its folder (an installed tree). Throws std::runtime_error
/// naming every place looked at when none holds a regular file.
std::filesystem::path relay_binary_path();

/// The same search for a given executable and STACKCTL_RELAY value (tests).
std::filesystem::path relay_binary_path(const std::filesystem::path& executable,
                                        const std::optional<std::string>& env_override);

/// The Dockerfile of the relay image.
extern const char* const relay_dockerfile;

/// A deterministic build context (tar, see build_context.hpp) holding
/// `Dockerfile` (relay_dockerfile) and the binary as `stackctl-relay`, mode
/// 0755. Throws std::runtime_error when the binary cannot be read.
std::string relay_build_context(const std::filesystem::path& binary);

/// "stackctl/relay:<first 16 hex digits of the BLAKE2b of the build context>".
std::string relay_image_tag(const std::filesystem::path& binary);

}  // namespace stackctl::targets::docker
