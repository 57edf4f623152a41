// clients/process: argv without a shell, environment, stdin, working folder,
// line callbacks, exit codes and signals, and what CommandError and
// ToolNotFound say (never an environment value).
#include <doctest/doctest.h>

#include <cstdlib>

#include "clients/process.hpp"
#include "temp_dir.hpp"

using namespace stackctl::clients;

namespace {
ProcessSpec sh(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", script, "sh"};
  return spec;
}
}  // namespace

TEST_CASE("process: argv words reach the child as they are, no shell in between") {
  ProcessSpec spec;
  spec.argv = {"printf", "%s|", "a b", "$HOME", "`x`", "'q'"};
  auto r = run_process(spec);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "a b|$HOME|`x`|'q'|");
}

TEST_CASE("process: stdout and stderr apart, exit code, signal") {
  auto r = run_process(sh("echo out; echo err >&2; exit 3"));
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\n");
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.ok());
  auto k = run_process(sh("kill -9 $$"));
  CHECK(k.signal == 9);
  CHECK(k.exit_code == -1);
}

TEST_CASE("process: environment entries added, overridden and removed") {
  ::setenv("STACKCTL_PROC_TEST_KEEP", "kept", 1);
  ::setenv("STACKCTL_PROC_TEST_DROP", "dropped", 1);
  ProcessSpec spec = sh("echo \"$STACKCTL_PROC_TEST_KEEP/$STACKCTL_PROC_TEST_DROP/$A/$S\"");
  spec.env["A"] = "added";
  spec.env["STACKCTL_PROC_TEST_KEEP"] = "overridden";
  spec.secret_env["S"] = "secret-value";
  spec.unset_env = {"STACKCTL_PROC_TEST_DROP"};
  CHECK(run_process(spec).out == "overridden//added/secret-value\n");
}

TEST_CASE("process: stdin of 8 MiB echoed back while stderr also fills: no deadlock") {
  std::string input(8 << 20, 'x');
  for (size_t i = 0; i < input.size(); i += 100) input[i] = '\n';
  ProcessSpec spec = sh("cat; head -c 1000000 /dev/zero >&2");
  spec.stdin_data = input;
  auto r = run_process(spec);
  CHECK(r.exit_code == 0);
  CHECK(r.out == input);
  CHECK(r.err.size() == 1000000);
}

TEST_CASE("process: a child that closes stdin early does not kill us with SIGPIPE") {
  ProcessSpec spec = sh("exec 0<&-; echo done");
  spec.stdin_data = std::string(4 << 20, 'y');
  auto r = run_process(spec);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "done\n");
}

TEST_CASE("process: without stdin data the child reads /dev/null") {
  auto r = run_process(sh("cat; echo end"));
  CHECK(r.out == "end\n");
}

TEST_CASE("process: working folder") {
  stackctl::testing::TempDir dir;
  ProcessSpec spec;
  spec.argv = {"pwd", "-P"};
  spec.working_dir = dir.path;
  CHECK(run_process(spec).out == std::filesystem::canonical(dir.path).string() + "\n");
}

TEST_CASE("process: line callbacks get each line as it comes, the last one unterminated too") {
  std::vector<std::string> out, err;
  ProcessSpec spec = sh("printf 'one\\ntwo\\r\\nthree'; printf 'e1\\n' >&2");
  spec.on_stdout_line = [&](const std::string& l) { out.push_back(l); };
  spec.on_stderr_line = [&](const std::string& l) { err.push_back(l); };
  auto r = run_process(spec);
  CHECK(out == std::vector<std::string>{"one", "two", "three"});
  CHECK(err == std::vector<std::string>{"e1"});
  CHECK(r.out == "one\ntwo\r\nthree");
}

TEST_CASE("process: a throwing callback is rethrown after the child is reaped") {
  ProcessSpec spec = sh("echo a; echo b");
  spec.on_stdout_line = [](const std::string&) { throw std::runtime_error("stop"); };
  CHECK_THROWS_WITH_AS(run_process(spec), "stop", std::runtime_error);
}

TEST_CASE("process: a missing binary is ToolNotFound with the install hint") {
  ProcessSpec spec;
  spec.argv = {"terraform-does-not-exist", "plan"};
  spec.install_hint = "docs/targets/gcp.md";
  CHECK_THROWS_WITH_AS(run_process(spec), "terraform-does-not-exist not found on PATH; install it (docs/targets/gcp.md)",
                       ToolNotFound);
  spec.env["PATH"] = "/nonexistent";
  spec.argv = {"sh"};
  CHECK_THROWS_AS(run_process(spec), ToolNotFound);
}

TEST_CASE("process: CommandError names the command and the last 40 lines of stderr") {
  ProcessSpec spec = sh("for i in $(seq 1 60); do echo line$i >&2; done; exit 1");
  spec.argv = {"sh", "-c", "for i in $(seq 1 60); do echo line$i >&2; done; exit 1"};
  try {
    run_checked(spec);
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.rfind("`sh -c 'for i in $(seq 1 60); do echo line$i >&2; done; exit 1'` failed (exit 1):\nline21\n", 0) == 0);
    CHECK(m.find("line20\n") == std::string::npos);
    CHECK(m.size() >= 6);
    CHECK(m.substr(m.size() - 6) == "line60");
    CHECK(e.exit_code() == 1);
  }
  CHECK_NOTHROW(run_checked(sh("exit 2"), {0, 2}));
}

TEST_CASE("process: secrets from the environment never appear in a CommandError") {
  ProcessSpec spec = sh("echo \"bad password $TF_VAR_password\" >&2; echo \"$(printf %s \"$TF_VAR_password\" | base64)\" >&2; exit 1");
  spec.secret_env["TF_VAR_password"] = "hunter2-very-secret";
  try {
    run_checked(spec);
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.find("hunter2-very-secret") == std::string::npos);
    CHECK(m.find("aHVudGVyMi12ZXJ5LXNlY3JldA") == std::string::npos);  // its base64
    CHECK(m.find("[secret:TF_VAR_password]") != std::string::npos);
  }
}

TEST_CASE("process: render_command and tail_lines") {
  CHECK(render_command({"terraform", "plan", "-out=/tmp/a.plan", "-input=false"}) ==
        "terraform plan -out=/tmp/a.plan -input=false");
  CHECK(render_command({"kubectl", "-l", "a=b,c=d", "x y", "it's", ""}) == "kubectl -l a=b,c=d 'x y' 'it'\\''s' ''");
  CHECK(tail_lines("a\nb\nc\n", 2) == "b\nc");
  CHECK(tail_lines("a\nb", 5) == "a\nb");
  CHECK(tail_lines("", 5).empty());
}

TEST_CASE("process: find_executable walks PATH") {
  CHECK(find_executable("sh", "/nonexistent:/bin:/usr/bin").has_value());
  CHECK_FALSE(find_executable("sh", "/nonexistent").has_value());
  CHECK_FALSE(find_executable("/etc/passwd", "").has_value());
}
