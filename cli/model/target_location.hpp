// Where a target is, in a few words for listings (`stackctl envs`).
#pragma once

#include <string>

#include "model/environment.hpp"

namespace stackctl::model {

/// "local engine", "tcp://build:2376", "acme-staging/europe-west1", "eu-west-1".
std::string location(const Target& target);

}  // namespace stackctl::model
