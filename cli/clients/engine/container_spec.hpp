// ContainerSpec -> the body of POST /containers/create. Pure, so the mapping
// (and the loopback-only rule for published ports) is unit tested.
#pragma once

#include <nlohmann/json.hpp>

#include "clients/engine/types.hpp"

namespace stackctl::engine {

/// Throws std::invalid_argument for a port published on another host address
/// than 127.0.0.1, a port out of range, or a spec without an image.
nlohmann::json container_create_body(const ContainerSpec& spec);

/// "no", "always", "unless-stopped", "on-failure".
const char* restart_policy_name(RestartPolicy policy);

}  // namespace stackctl::engine
