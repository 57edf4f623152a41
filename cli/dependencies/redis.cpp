// redis: the official image has no *_FILE variable, so the configuration
// (with `requirepass` read from the password file) reaches `redis-server -`
// through its stdin: the password is never in argv nor in the environment.
// Readiness is an authenticated PING (REDISCLI_AUTH from the file).
#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {

std::string redis_server_script(const model::Dependency& d, const std::vector<std::string>& extra_lines) {
  // Like the official image's defaults: every address, no protected mode.
  std::string lines =
      "port " + std::to_string(d.port) + "\\nbind * -::*\\nprotected-mode no\\ndir /data\\nappendonly yes\\n";
  for (const auto& l : extra_lines) lines += l + "\\n";
  std::string script = "printf '" + lines + "'";
  if (!d.password_secret.empty()) {
    // printf is a shell builtin: the value is in no process's argv.
    std::string auth = "printf 'requirepass %s\\n' \"$p\"";
    if (d.cluster) auth += "; printf 'masterauth %s\\n' \"$p\"";
    script = "p=\"$(cat " + shell_quote(secret_path(password_file(d))) + ")\"; { " + script + "; " + auth + "; }";
  }
  return script + " | exec redis-server -";
}

std::string redis_cli(const model::Dependency& d) {
  return password_from_file(d, "REDISCLI_AUTH") + "redis-cli --no-auth-warning -h 127.0.0.1 -p " +
         std::to_string(d.port);
}

Server redis(const model::Dependency& d) {
  Server s;
  s.port_name = "redis";
  s.data_path = "/data";
  s.scratch = {{"tmp", "/tmp"}};
  s.args = {"sh", "-c", redis_server_script(d, {})};
  s.readiness = {"sh", "-c", redis_cli(d) + " ping | grep -q PONG"};
  s.start_seconds = 30;
  // A consistent snapshot (the server forks, like BGSAVE) streamed to stdout.
  s.backup = {{"sh", "-c", redis_cli(d) + " --rdb /tmp/stackctl-backup.rdb >/dev/null && cat /tmp/stackctl-backup.rdb"},
              "rdb"};
  return s;
}

}  // namespace stackctl::dependencies
