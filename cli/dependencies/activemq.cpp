// apache/activemq-classic: its entrypoint reads ACTIVEMQ_CONNECTION_PASSWORD
// from the environment only (no *_FILE), so a shell reads the password file
// into that variable and execs the entrypoint: the value is in the process,
// never in the container's configuration. Ready means a STOMP CONNECT with
// the credentials is answered CONNECTED (a TCP open also succeeds while the
// broker refuses clients).
//
// It has no non-root user and its entrypoint edits conf/ at start: run as an
// arbitrary uid, conf/ is a seeded scratch volume (the image's conf/ copied
// into it first), so the root filesystem can stay read-only.
#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {
namespace {

constexpr int stomp_port = 61613;  // the image's default STOMP connector

}  // namespace

Server activemq(const model::Dependency& d) {
  Server s;
  s.port_name = "openwire";
  s.uid = 10001;
  s.data_path = "/opt/apache-activemq/data";
  s.scratch = {
      {"conf", "/opt/apache-activemq/conf", true}, {"activemq-tmp", "/opt/apache-activemq/tmp"}, {"tmp", "/tmp"}};
  if (!d.user.empty()) s.env.emplace_back("ACTIVEMQ_CONNECTION_USER", d.user);
  // The official image's entrypoint.sh, or docker-entrypoint.sh where an
  // image follows the docker-library naming (the test stand-in).
  s.command = {"sh", "-c",
               password_from_file(d, "ACTIVEMQ_CONNECTION_PASSWORD") +
                   "exec \"$(command -v entrypoint.sh || command -v docker-entrypoint.sh)\" activemq console"};
  std::string frame = "CONNECT\\naccept-version:1.2\\nhost:localhost\\n";
  std::string values;
  if (!d.user.empty()) {
    frame += "login:%s\\npasscode:%s\\n";
    values = " " + shell_quote(d.user) + " \"$p\"";
  }
  frame += "\\n\\0";
  std::string script = "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(stomp_port) + " && printf '" + frame + "'" +
                       values + " >&3 && " + "timeout 3 head -c 9 <&3 | grep -q CONNECTED";
  if (!d.password_secret.empty()) script = "p=\"$(cat " + shell_quote(secret_path(password_file(d))) + ")\"; " + script;
  s.readiness = {"bash", "-c", script};
  s.start_seconds = 120;
  s.backup = {{"tar", "-C", s.data_path, "-cf", "-", "."}, "tar"};
  return s;
}

}  // namespace stackctl::dependencies
