// How each dependency kind runs as a container: the official image and its
// environment contract, where its data lives, and a health check that only
// passes once the server accepts clients over TCP (so not while the official
// images' entrypoints run their temporary init servers).
#pragma once

#include "model/environment.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::targets::docker {

/// The container of a dependency (not for lmdb volumes), with its volume.
/// `volume` is the named volume that holds its data.
ContainerPlan dependency_container(const model::Dependency& d, const std::string& volume);

/// A job that loads `d.seed` with the dependency's own client (psql, mysql).
ContainerPlan dependency_client_seed(const model::Dependency& d);

/// "${secret:NAME}" for an env value of a plan.
std::string secret_placeholder(const std::string& name);

}  // namespace stackctl::targets::docker
