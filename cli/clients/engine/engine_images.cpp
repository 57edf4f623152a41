// Engine: images (inspect, build, remove).
#include "clients/engine/engine.hpp"
#include "clients/engine/json_fields.hpp"
#include "clients/engine/stream.hpp"

namespace stackctl::engine {

using detail::str;
using nlohmann::json;

bool Engine::image_exists(const std::string& ref) const {
  return !call("GET", "/images/" + ref + "/json", nullptr, {404}).is_null();
}

ImageInfo Engine::inspect_image(const std::string& ref) const {
  const json j = call("GET", "/images/" + ref + "/json");
  ImageInfo info;
  info.id = str(j, "Id");
  info.repo_tags = detail::strings(j, "RepoTags");
  info.repo_digests = detail::strings(j, "RepoDigests");
  info.labels = detail::string_map(detail::field(j, "Config"), "Labels");
  info.user = str(detail::field(j, "Config"), "User");
  return info;
}

std::vector<ImageInfo> Engine::list_images(const LabelFilter& labels) const {
  std::vector<ImageInfo> out;
  for (const auto& j : call("GET", "/images/json" + query_string({{"filters", label_filters(labels)}}))) {
    ImageInfo info;
    info.id = str(j, "Id");
    info.repo_tags = detail::strings(j, "RepoTags");
    info.repo_digests = detail::strings(j, "RepoDigests");
    info.labels = detail::string_map(j, "Labels");
    out.push_back(std::move(info));
  }
  return out;
}

namespace {

BuildMessage parse_build_message(std::string_view line) {
  BuildMessage m;
  m.raw = std::string(line);
  const json j = json::parse(line, nullptr, false);
  if (!j.is_object()) {
    m.stream = m.raw;
    return m;
  }
  const auto& detail = detail::field(j, "errorDetail");
  std::string error = str(detail, "message");
  if (error.empty()) error = str(j, "error");
  if (!error.empty() || j.contains("error")) throw StreamError("docker build failed: " + error);
  m.stream = str(j, "stream");
  m.status = str(j, "status");
  m.id = str(j, "id");
  m.aux_id = str(detail::field(j, "aux"), "ID");
  return m;
}

}  // namespace

BuildResult Engine::build(const std::string& context_tar, const BuildOptions& options,
                          const BuildProgress& on_progress) const {
  std::vector<std::pair<std::string, std::string>> params = {{"dockerfile", options.dockerfile}};
  for (const auto& tag : options.tags) params.emplace_back("t", tag);
  if (!options.labels.empty()) params.emplace_back("labels", json(options.labels).dump());
  if (!options.build_args.empty()) params.emplace_back("buildargs", json(options.build_args).dump());
  if (options.target) params.emplace_back("target", *options.target);
  params.emplace_back("rm", "1");
  params.emplace_back("forcerm", "1");
  if (options.no_cache) params.emplace_back("nocache", "1");
  if (options.pull) params.emplace_back("pull", "1");

  HttpRequest request;
  request.method = "POST";
  request.path = "/build" + query_string(params);
  request.body = context_tar;
  request.content_type = "application/x-tar";
  request.timeout = std::chrono::milliseconds(-1);

  BuildResult result;
  LineSplitter lines([&](std::string_view line) {
    if (line.empty()) return;
    const BuildMessage m = parse_build_message(line);
    if (!m.aux_id.empty()) result.image_id = m.aux_id;
    if (on_progress) on_progress(m);
  });
  send(request, [&](std::string_view chunk) {
    lines.feed(chunk);
    return true;
  });
  lines.finish();
  if (result.image_id.empty() && !options.tags.empty()) result.image_id = inspect_image(options.tags.front()).id;
  return result;
}

void Engine::pull_image(const std::string& ref, const BuildProgress& on_progress) const {
  // "repo:tag" (or "repo@sha256:..."); a name without either means :latest.
  std::string image = ref, tag;
  const size_t at = ref.find('@');
  const size_t colon = ref.rfind(':');
  const size_t slash = ref.rfind('/');
  if (at != std::string::npos) {
    image = ref.substr(0, at);
    tag = ref.substr(at + 1);
  } else if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    image = ref.substr(0, colon);
    tag = ref.substr(colon + 1);
  } else {
    tag = "latest";
  }
  HttpRequest request;
  request.method = "POST";
  request.path = "/images/create" + query_string({{"fromImage", image}, {"tag", tag}});
  request.timeout = std::chrono::milliseconds(-1);
  std::string error;
  LineSplitter lines([&](std::string_view line) {
    if (line.empty()) return;
    const BuildMessage m = parse_build_message(line);
    const json j = json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("error")) error = str(j, "error");
    if (on_progress) on_progress(m);
  });
  send(request, [&](std::string_view chunk) {
    lines.feed(chunk);
    return true;
  });
  lines.finish();
  if (!error.empty()) throw StreamError("pulling " + ref + ": " + error);
}

void Engine::remove_image(const std::string& ref, bool force) const {
  call("DELETE", "/images/" + ref + (force ? "?force=1" : ""));
}

}  // namespace stackctl::engine
