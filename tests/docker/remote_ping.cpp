// remote_ping HOST TLS_DIR [--no-client-cert]
//
// Pings the daemon of a docker target {host: HOST, tls_dir: TLS_DIR} through
// endpoint_for_target + engine::Engine, exactly as stackctl will reach a
// remote host. Used by remote_tls_test.sh to prove the success and refusal
// cases end to end. --no-client-cert drops cert.pem/key.pem after the target
// was resolved, to show that the daemon refuses a client without one.
//
// Exit: 0 answered (prints "ok: dockerd VERSION"), 1 the daemon could not be
// reached or refused (prints the error), 2 the target itself is invalid.
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "targets/docker/endpoint_target.hpp"
#include "clients/engine/engine.hpp"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && std::strcmp(argv[3], "--no-client-cert") != 0)) {
    std::cerr << "usage: remote_ping HOST TLS_DIR [--no-client-cert]\n";
    return 2;
  }
  stackctl::model::Target target;
  target.kind = stackctl::model::TargetKind::docker;
  target.host = argv[1];
  target.tls_dir = argv[2];
  stackctl::engine::EndpointConfig endpoint;
  try {
    endpoint = stackctl::targets::docker::endpoint_for_target(target);
  } catch (const std::invalid_argument& e) {
    std::cout << "invalid target: " << e.what() << "\n";
    return 2;
  }
  if (argc == 4) endpoint.cert_file = endpoint.key_file = "";
  endpoint.connect_timeout = std::chrono::milliseconds(5000);
  endpoint.request_timeout = std::chrono::milliseconds(15000);
  try {
    const stackctl::engine::Engine engine(endpoint);
    engine.ping();
    std::cout << "ok: dockerd " << engine.version().version << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cout << "error: " << e.what() << "\n";
    return 1;
  }
}
