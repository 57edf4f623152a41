// Scaled-down copies (`--copy NAME`): derived from an environment, never
// written to a file. The loader has already given the copy its own
// namespace; this shrinks it.
#pragma once

#include "model/environment.hpp"

namespace stackctl::config {

/// One replica, no autoscaling, the smallest tier, no HA, no backups.
void scale_down_copy(model::Environment& env);

}  // namespace stackctl::config
