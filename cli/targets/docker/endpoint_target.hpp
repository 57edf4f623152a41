// The Docker endpoint of an environment's docker target: the local engine
// (DOCKER_HOST and friends, as the docker CLI reads them) when target.host is
// empty, else the remote host in target.host with the TLS material in
// target.tls_dir. Unlike endpoint.hpp this checks the file system: a missing
// certificate is reported here, naming the key, instead of as a TLS failure.
#pragma once

#include "clients/engine/endpoint.hpp"
#include "model/environment.hpp"

namespace stackctl::targets::docker {

/// Rules:
///   host ""          endpoint_from_environment(lookup); tls_dir must be empty
///   host tcp://H:P   that host; with tls_dir: TLS verifying the daemon against
///                    tls_dir/ca.pem and presenting tls_dir/cert.pem + key.pem
///                    (all three must exist; a leading ~/ is $HOME), and port
///                    2376 when none is given; without tls_dir: plain tcp
///   host unix:///P   that socket; tls_dir must be empty
///   host ssh://[USER@]HOST[:PORT]  that engine through `ssh ... docker system
///                    dial-stdio` (clients/engine/ssh_dial.hpp); tls_dir must be empty
/// Throws std::invalid_argument with a message naming target.host or
/// target.tls_dir for anything else.
engine::EndpointConfig endpoint_for_target(const model::Target& target, const engine::EnvLookup& lookup);
/// The same with the process environment.
engine::EndpointConfig endpoint_for_target(const model::Target& target);

}  // namespace stackctl::targets::docker
