// Engine: container logs and exec (both demultiplex the stdout/stderr stream).
#include <thread>

#include "clients/engine/engine.hpp"
#include "clients/engine/json_fields.hpp"

namespace stackctl::engine {

using detail::str;
using nlohmann::json;

void Engine::logs(const std::string& id, const LogOptions& options, const LogSink& sink) const {
  const bool tty = inspect_container(id).tty;
  std::vector<std::pair<std::string, std::string>> params = {{"stdout", options.want_stdout ? "1" : "0"},
                                                             {"stderr", options.want_stderr ? "1" : "0"}};
  if (options.follow) params.emplace_back("follow", "1");
  if (options.timestamps) params.emplace_back("timestamps", "1");
  if (options.since) params.emplace_back("since", std::to_string(*options.since));
  if (options.tail) params.emplace_back("tail", std::to_string(*options.tail));

  HttpRequest request;
  request.path = "/containers/" + url_encode(id) + "/logs" + query_string(params);
  if (options.follow) request.timeout = std::chrono::milliseconds(-1);
  bool stopped = false;
  LogDecoder decoder(!tty, options.timestamps, [&](const LogLine& line) {
    if (!stopped && !sink(line)) stopped = true;
  });
  send(request, [&](std::string_view chunk) {
    decoder.feed(chunk);
    return !stopped;
  });
  if (!stopped) decoder.finish();
}

std::vector<LogLine> Engine::logs(const std::string& id, const LogOptions& options) const {
  LogOptions once = options;
  once.follow = false;
  std::vector<LogLine> lines;
  logs(id, once, [&](const LogLine& line) {
    lines.push_back(line);
    return true;
  });
  return lines;
}

ExecResult Engine::exec(const std::string& id, const std::vector<std::string>& cmd, const ExecOptions& options) const {
  json env = json::array();
  for (const auto& [k, v] : options.env) env.push_back(k + "=" + v);
  json create = {{"Cmd", cmd}, {"AttachStdout", true}, {"AttachStderr", true}, {"Tty", false}, {"Env", env}};
  if (!options.user.empty()) create["User"] = options.user;
  if (!options.working_dir.empty()) create["WorkingDir"] = options.working_dir;
  const std::string exec_id = str(call("POST", "/containers/" + url_encode(id) + "/exec", &create), "Id");

  // Without Detach the daemon hijacks the connection and sends the
  // multiplexed stream until the command ends, then closes it.
  HttpRequest start;
  start.method = "POST";
  start.path = "/exec/" + exec_id + "/start";
  start.body = json{{"Detach", false}, {"Tty", false}}.dump();
  start.content_type = "application/json";
  start.timeout = options.timeout;
  ExecResult result;
  FrameDemuxer demuxer([&](StreamKind kind, std::string_view payload) {
    (kind == StreamKind::err ? result.stderr_text : result.stdout_text).append(payload);
  });
  send(start, [&](std::string_view chunk) {
    demuxer.feed(chunk);
    return true;
  });

  // The stream can end a moment before the daemon records the exit code.
  for (int attempt = 0;; ++attempt) {
    const json j = call("GET", "/exec/" + exec_id + "/json");
    if (!detail::flag(j, "Running") && detail::field(j, "ExitCode").is_number()) {
      result.exit_code = static_cast<int>(detail::num(j, "ExitCode"));
      return result;
    }
    if (attempt == 100) throw std::runtime_error("exec " + exec_id + " in " + id + ": no exit code after the stream");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace stackctl::engine
