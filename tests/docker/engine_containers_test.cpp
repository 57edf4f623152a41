// engine::Engine: containers on a labelled network with a volume, a port on
// 127.0.0.1, logs, exec, health, restart policies, stop and remove.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "engine_support.hpp"

using namespace stackctl::engine;
using namespace engine_test;

namespace {

// Connects to 127.0.0.1:port and reads what the server sends until it closes.
std::string read_from(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    char buf[256];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

bool running(const std::string& id) { return engine().inspect_container(id).state.running; }

constexpr const char* kServer =
    "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die;"
    "while (my $c = $s->accept) { print $c \"hello $ENV{GREETING}\\n\"; close $c }";

}  // namespace

TEST_CASE("a container with env, a network alias, a volume, tmpfs and a port on 127.0.0.1") {
  NetworkSpec net{unique_name("app-net"), "bridge", false, test_labels()};
  engine().ensure_network(net);
  engine().create_volume({unique_name("app-data"), test_labels()});

  ContainerSpec spec = base_spec("server", {"perl", "-e", kServer});
  spec.env = {{"GREETING", "world"}};
  spec.network = net.name;
  spec.network_aliases = {"api"};
  spec.ports = {{8080, "tcp", "127.0.0.1", 0}};
  spec.mounts = {{MountSpec::Type::volume, unique_name("app-data"), "/data", false}};
  spec.tmpfs = {{"/scratch", "size=8m"}};
  spec.user = "nobody";
  const std::string id = engine().create_container(spec);
  CHECK(engine().inspect_container(id).state.status == "created");
  engine().start_container(id);
  engine().start_container(id);  // already started: fine

  const ContainerInfo info = engine().inspect_container(id);
  CHECK(info.name == spec.name);
  CHECK(info.state.running);
  CHECK(info.state.status == "running");
  CHECK(info.image == kBaseImage);
  CHECK(info.image_id == engine().inspect_image(kBaseImage).id);
  CHECK(info.labels.at(kLabelKey) == kLabelValue);
  CHECK_FALSE(info.state.started_at.empty());
  REQUIRE(info.ports.size() == 1);
  CHECK(info.ports[0].container_port == 8080);
  CHECK(info.ports[0].host_ip == "127.0.0.1");
  REQUIRE(info.ports[0].host_port > 0);

  std::string greeting;
  CHECK(wait_until([&] { return (greeting = read_from(info.ports[0].host_port)) == "hello world\n"; }));
  CHECK(greeting == "hello world\n");

  const ExecResult who = engine().exec(id, {"sh", "-c", "id -un; getent hosts api | wc -l; df /scratch | tail -1"});
  CHECK(who.exit_code == 0);
  CHECK(who.stdout_text.starts_with("nobody\n1\ntmpfs"));

  const auto listed = engine().list_containers({{kLabelKey, kLabelValue}});
  CHECK(std::any_of(listed.begin(), listed.end(), [&](const ContainerSummary& c) {
    return c.id == id && c.name == spec.name && c.state == "running";
  }));

  engine().stop_container(id, 1);
  engine().stop_container(id, 1);  // already stopped: fine
  CHECK_FALSE(running(id));
  engine().remove_container(id, {.force = false, .volumes = true});
  CHECK_THROWS_WITH_AS(engine().inspect_container(id), doctest::Contains("404"), EngineError);
  engine().remove_volume(unique_name("app-data"));
  engine().remove_network(net.name);
}

TEST_CASE("logs: stdout and stderr demultiplexed, tail, timestamps, follow") {
  const std::string id = engine().create_container(
      base_spec("logs", {"bash", "-c", "for i in 1 2 3; do echo out$i; echo err$i >&2; done; printf 'no newline'"}));
  engine().start_container(id);
  CHECK(engine().wait_container(id) == 0);
  std::vector<std::string> out, err;
  for (const auto& l : engine().logs(id)) (l.stream == StreamKind::out ? out : err).push_back(l.text);
  CHECK(out == std::vector<std::string>{"out1", "out2", "out3", "no newline"});
  CHECK(err == std::vector<std::string>{"err1", "err2", "err3"});

  LogOptions only_err;
  only_err.want_stdout = false;
  only_err.timestamps = true;
  const auto errs = engine().logs(id, only_err);
  REQUIRE(errs.size() == 3);
  CHECK(errs[0].stream == StreamKind::err);
  CHECK(errs[0].text == "err1");
  CHECK(errs[0].timestamp.size() > 20);
  CHECK(errs[0].timestamp.ends_with("Z"));

  LogOptions tail;
  tail.tail = 1;
  const auto last = engine().logs(id, tail);
  REQUIRE(last.size() == 1);
  CHECK(last[0].text == "no newline");
  engine().remove_container(id);

  const std::string ticker =
      engine().create_container(base_spec("ticker", {"bash", "-c", "while :; do echo hi; sleep 0.2; done"}));
  engine().start_container(ticker);
  LogOptions follow;
  follow.follow = true;
  int seen = 0;
  engine().logs(ticker, follow, [&](const LogLine& l) {
    CHECK(l.text == "hi");
    return ++seen < 3;
  });
  CHECK(seen == 3);
  engine().kill_container(ticker, "SIGKILL");
  engine().remove_container(ticker);
}

TEST_CASE("exec captures output and exit code") {
  ContainerSpec spec = base_spec("exec", {"sleep", "infinity"});
  spec.env = {{"FROM_SPEC", "yes"}};
  const std::string id = engine().create_container(spec);
  engine().start_container(id);
  ExecOptions options;
  options.env = {{"FROM_EXEC", "also"}};
  options.working_dir = "/tmp";
  const ExecResult r =
      engine().exec(id, {"bash", "-c", "echo $FROM_SPEC $FROM_EXEC; pwd; echo bad >&2; exit 3"}, options);
  CHECK(r.exit_code == 3);
  CHECK(r.stdout_text == "yes also\n/tmp\n");
  CHECK(r.stderr_text == "bad\n");
  const std::string big = engine().exec(id, {"bash", "-c", "head -c 300000 /dev/zero | tr '\\0' x"}).stdout_text;
  CHECK(big == std::string(300000, 'x'));
  const ExecResult missing = engine().exec(id, {"/no/such/binary"});
  // The daemon reports a command that cannot start on the stream, with exit code 126.
  CHECK(missing.exit_code == 126);
  CHECK(missing.stdout_text.find("no such file or directory") != std::string::npos);
  engine().remove_container(id, {.force = true});
}

TEST_CASE("health status follows the HEALTHCHECK") {
  ContainerSpec spec = base_spec("health", {"sleep", "infinity"});
  spec.health_check = HealthCheck{{"CMD-SHELL", "test -f /tmp/ready"},
                                  std::chrono::milliseconds(200),
                                  std::chrono::seconds(2),
                                  std::chrono::milliseconds(0),
                                  2};
  const std::string id = engine().create_container(spec);
  engine().start_container(id);
  CHECK(engine().inspect_container(id).state.health == "starting");
  CHECK(wait_until([&] { return engine().inspect_container(id).state.health == "unhealthy"; }));
  CHECK(engine().exec(id, {"touch", "/tmp/ready"}).exit_code == 0);
  CHECK(wait_until([&] { return engine().inspect_container(id).state.health == "healthy"; }));
  engine().remove_container(id, {.force = true});
}

TEST_CASE("unless-stopped brings a crashed container back; kill via the API does not") {
  ContainerSpec spec = base_spec("restart", {"sleep", "infinity"});
  spec.restart = RestartPolicy::unless_stopped;
  const std::string id = engine().create_container(spec);
  engine().start_container(id);
  const ContainerInfo before = engine().inspect_container(id);
  CHECK(before.restart_count == 0);
  REQUIRE(before.state.pid > 0);

  // A crash: the main process killed with SIGKILL from outside docker.
  if (kill(before.state.pid, SIGKILL) == 0) {
    CHECK(wait_until([&] {
      const auto now = engine().inspect_container(id);
      return now.restart_count == 1 && now.state.running && now.state.pid != before.state.pid;
    }));
  } else {
    MESSAGE("cannot signal the container's process (pid ", before.state.pid, "): crash-restart not checked");
  }

  // docker kill counts as stopped by hand: it stays down, exit code 137.
  engine().kill_container(id, "SIGKILL");
  CHECK(wait_until([&] { return !running(id); }));
  CHECK(engine().wait_container(id) == 137);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const ContainerInfo after = engine().inspect_container(id);
  CHECK(after.state.status == "exited");
  CHECK(after.state.exit_code == 137);
  CHECK_THROWS_WITH_AS(engine().kill_container(id), doctest::Contains("409"), EngineError);  // not running
  engine().remove_container(id);
}

TEST_CASE("ports on other addresses than 127.0.0.1 are refused before asking the daemon") {
  ContainerSpec spec = base_spec("public", {"true"});
  spec.ports = {{80, "tcp", "0.0.0.0", 8080}};
  CHECK_THROWS_AS(engine().create_container(spec), std::invalid_argument);
  CHECK(engine().list_containers({{kLabelKey, kLabelValue}}).empty());
}
