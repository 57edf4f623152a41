// engine::Engine: building images from build_context tar streams.
#include <doctest/doctest.h>

#include <algorithm>

#include "clients/engine/build_context.hpp"
#include "engine_support.hpp"

using namespace stackctl::engine;
using namespace engine_test;

namespace {

constexpr const char* kDockerfile = R"(FROM debian:bookworm-slim AS base
ARG GREETING=none
COPY services/common/hello.txt /hello.txt
RUN echo "$GREETING" > /greeting.txt
LABEL stackctl.test=engine

FROM base AS final
LABEL org.example.stage=final
CMD ["bash", "-c", "cat /hello.txt /greeting.txt"]
)";

BuildContext sample_context(const TempDir& dir, const std::string& dockerfile = kDockerfile) {
  dir.write("services/common/hello.txt", "hello from common\n");
  dir.write("services/common/build/ignored.txt", "not sent\n");
  dir.write("services/app/Dockerfile", dockerfile);
  return make_build_context(dir.path, {"services/common", "services/app"}, "services/app/Dockerfile");
}

}  // namespace

TEST_CASE("build: progress lines, labels, build args, target") {
  TempDir dir;
  const BuildContext context = sample_context(dir);
  BuildOptions options;
  options.dockerfile = context.dockerfile;
  options.tags = {"stackctl-engine-test/app:1", "stackctl-engine-test/app:latest"};
  options.labels = test_labels({{"built.by", "engine-test"}});
  options.build_args = {{"GREETING", "bonjour"}};
  std::vector<BuildMessage> messages;
  const BuildResult result =
      engine().build(context.tar, options, [&](const BuildMessage& m) { messages.push_back(m); });

  CHECK(result.image_id.starts_with("sha256:"));
  const auto has = [&](const std::string& text) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const BuildMessage& m) { return m.stream.find(text) != std::string::npos; });
  };
  CHECK(has("FROM debian:bookworm-slim AS base"));
  CHECK(has("COPY services/common/hello.txt /hello.txt"));
  CHECK(has("Successfully tagged stackctl-engine-test/app:1"));

  const ImageInfo image = engine().inspect_image("stackctl-engine-test/app:1");
  CHECK(image.id == result.image_id);
  CHECK(image.labels.at("built.by") == "engine-test");
  CHECK(image.labels.at("stackctl.test") == "engine");
  CHECK(image.labels.at("org.example.stage") == "final");
  CHECK(std::find(image.repo_tags.begin(), image.repo_tags.end(), "stackctl-engine-test/app:latest") !=
        image.repo_tags.end());
  CHECK(image.repo_digests.empty());  // never pushed

  // The build arg and the copied file are in the image.
  ContainerSpec spec = base_spec("built", {});
  spec.image = "stackctl-engine-test/app:1";
  const std::string id = engine().create_container(spec);
  engine().start_container(id);
  CHECK(engine().wait_container(id) == 0);
  std::vector<std::string> out;
  for (const auto& l : engine().logs(id)) out.push_back(l.text);
  CHECK(out == std::vector<std::string>{"hello from common", "bonjour"});
  engine().remove_container(id);

  // The same context again: the same bytes, every step cached, the same image.
  options.tags = {"stackctl-engine-test/app:again"};
  messages.clear();
  const BuildContext again = sample_context(dir);
  CHECK(again.tar == context.tar);
  CHECK(engine().build(again.tar, options, [&](const BuildMessage& m) { messages.push_back(m); }).image_id ==
        result.image_id);
  CHECK(has("Using cache"));

  options.target = "base";
  options.tags = {"stackctl-engine-test/app:base"};
  const BuildResult base = engine().build(context.tar, options);
  CHECK(base.image_id != result.image_id);
  CHECK(engine().inspect_image("stackctl-engine-test/app:base").labels.count("org.example.stage") == 0);

  engine().remove_image("stackctl-engine-test/app:again");
  CHECK(engine().image_exists("stackctl-engine-test/app:1"));
  CHECK_FALSE(engine().image_exists("stackctl-engine-test/app:again"));
}

TEST_CASE("a failing build reports the daemon's error") {
  TempDir dir;
  const BuildContext failing =
      sample_context(dir, "FROM debian:bookworm-slim\nLABEL stackctl.test=engine\nRUN exit 7\n");
  BuildOptions options;
  options.dockerfile = failing.dockerfile;
  options.tags = {"stackctl-engine-test/failing:1"};
  options.labels = test_labels();
  std::vector<std::string> streamed;
  CHECK_THROWS_WITH_AS(
      engine().build(failing.tar, options, [&](const BuildMessage& m) { streamed.push_back(m.stream); }),
      doctest::Contains("returned a non-zero code: 7"), StreamError);
  CHECK_FALSE(streamed.empty());
  CHECK_FALSE(engine().image_exists("stackctl-engine-test/failing:1"));

  const BuildContext missing_file = sample_context(dir, "FROM debian:bookworm-slim\nCOPY nothere.txt /x\n");
  options.dockerfile = missing_file.dockerfile;
  CHECK_THROWS_WITH_AS(engine().build(missing_file.tar, options), doctest::Contains("nothere.txt"), StreamError);

  options.dockerfile = "services/app/Missing.Dockerfile";
  CHECK_THROWS_WITH_AS(engine().build(missing_file.tar, options), doctest::Contains("POST /build: 500"), EngineError);
}
