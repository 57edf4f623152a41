// How each dependency kind runs as a container, made from the dependency
// catalog (dependencies/catalog.hpp) that the Kubernetes render also reads:
// the image, its plain env, its secrets as files in /run/secrets (plan text
// "${secret:NAME}" in secret_files, never in env or argv) and the catalog's
// readiness query as the health check.
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
