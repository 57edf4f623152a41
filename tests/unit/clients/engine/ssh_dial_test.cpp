// The ssh command for a Docker Engine over ssh, and how ssh's complaints are
// worded (tests/docker/ssh_up_test.sh checks the same against a real sshd).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "clients/engine/endpoint.hpp"
#include "clients/engine/ssh_dial.hpp"

using stackctl::engine::explain_ssh_failure;
using stackctl::engine::parse_docker_host;
using stackctl::engine::ssh_dial_argv;

TEST_CASE("ssh dial: batch mode, strict host keys, then the host after --") {
  auto e = parse_docker_host("ssh://deploy@box:2222");
  const std::vector<std::string> want = {"ssh",
                                         "-o",
                                         "BatchMode=yes",
                                         "-o",
                                         "StrictHostKeyChecking=yes",
                                         "-o",
                                         "ConnectTimeout=5",
                                         "-T",
                                         "-p",
                                         "2222",
                                         "-l",
                                         "deploy",
                                         "--",
                                         "box",
                                         "docker",
                                         "system",
                                         "dial-stdio"};
  CHECK(ssh_dial_argv(e) == want);
  e = parse_docker_host("ssh://box");  // port and user: whatever ~/.ssh/config says
  const std::vector<std::string> bare = {
      "ssh", "-o",     "BatchMode=yes", "-o",        "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=5", "-T", "--",
      "box", "docker", "system",        "dial-stdio"};
  CHECK(ssh_dial_argv(e) == bare);
}

TEST_CASE("ssh dial: ssh's failures in stackctl's words") {
  const auto e = parse_docker_host("ssh://deploy@box:2222");
  CHECK(explain_ssh_failure(e,
                            "No ED25519 host key is known for [box]:2222 and you have requested strict checking.\r\n"
                            "Host key verification failed.\r\n",
                            255) ==
        "the host key of deploy@box port 2222 is not in known_hosts: check the key and add it with "
        "`ssh-keyscan -p 2222 box >> ~/.ssh/known_hosts` or by running ssh once");
  CHECK(explain_ssh_failure(e, "@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @\nHost key verification failed.\n",
                            255)
            .find("has changed since it was added to known_hosts") != std::string::npos);
  CHECK(explain_ssh_failure(e, "deploy@box: Permission denied (publickey).\r\n", 255)
            .starts_with("ssh refused the key for deploy@box port 2222 (Permission denied)"));
  CHECK(explain_ssh_failure(e, "ssh: connect to host box port 2222: Connection refused\r\n", 255) ==
        "the host is unreachable over ssh: ssh: connect to host box port 2222: Connection refused");
  CHECK(explain_ssh_failure(e, "bash: line 1: docker: command not found\n", 127)
            .starts_with("the remote deploy@box port 2222 has no docker command"));
  CHECK(explain_ssh_failure(e, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n", 1)
            .starts_with("docker on deploy@box port 2222 cannot reach its engine"));
  CHECK(explain_ssh_failure(e, "", 0).empty());
}
