#include "targets/docker/images.hpp"

#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "images/image_tags.hpp"
#include "clients/engine/build_context.hpp"
#include "targets/docker/relay_binary.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace {

struct Job {
  const model::Service* service;
  std::string tag;
};

std::string build_one(const sd::Engine& engine, const std::filesystem::path& root, const Job& job,
                      const std::string& commit, const BuildEvents& events) {
  const model::Build& b = *job.service->build;
  std::vector<std::string> inputs = b.inputs;
  if (inputs.empty()) inputs.push_back(b.context);
  const sd::BuildContext context = sd::make_build_context(root, inputs, b.dockerfile);
  sd::BuildOptions options;
  options.dockerfile = context.dockerfile;
  options.tags = {job.tag};
  options.build_args = b.args;
  options.labels = {{"org.stackctl.service", job.service->name}};
  if (!commit.empty()) options.labels["org.opencontainers.image.revision"] = commit;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const sd::BuildResult r = engine.build(context.tar, options, [&](const sd::BuildMessage& m) {
      // A message may hold several lines (or none), each maybe ending in \r.
      const std::string text = m.stream.empty() ? m.status : m.stream;
      size_t start = 0;
      while (start < text.size() && events.on_line) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) events.on_line(job.service->name, line);
        start = end + 1;
      }
    });
    if (events.on_done)
      events.on_done(job.service->name, r.image_id,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return r.image_id;
  } catch (const sd::StreamError& e) {
    throw std::runtime_error("building " + job.service->name + " (" + b.dockerfile + "): " + e.what());
  }
}

std::string relay_image(const sd::Engine& engine) {
  const auto binary = relay_binary_path();
  const std::string tag = relay_image_tag(binary);
  if (!engine.image_exists(tag)) {
    sd::BuildOptions options;
    options.tags = {tag};
    options.labels = {{"org.stackctl.relay", "1"}};
    engine.build(relay_build_context(binary), options);
  }
  return engine.inspect_image(tag).id;
}

}  // namespace

Images ensure_images(const sd::Engine& engine, const std::filesystem::path& root, const model::Environment& env,
                     const std::string& source_commit, const BuildEvents& events) {
  Images images;
  std::vector<Job> jobs;
  for (const auto& [service, tag] : images::image_references(root, env)) {
    const model::Service* s = env.find_service(service);
    if (engine.image_exists(tag)) {
      images.services[service] = engine.inspect_image(tag).id;
      if (events.on_start) events.on_start(service, tag, true);
      if (events.on_done) events.on_done(service, images.services[service], 0);
    } else {
      jobs.push_back({s, tag});
    }
  }
  // Two builds at a time: each is mostly one compiler, and a machine with
  // more cores is fed by the Dockerfile's own parallelism.
  std::mutex mu;
  std::vector<std::string> errors;
  size_t next = 0;
  auto worker = [&] {
    for (;;) {
      Job job;
      {
        std::lock_guard g(mu);
        if (next == jobs.size()) return;
        job = jobs[next++];
      }
      if (events.on_start) events.on_start(job.service->name, job.tag, false);
      try {
        std::string id = build_one(engine, root, job, source_commit, events);
        std::lock_guard g(mu);
        images.services[job.service->name] = id;
      } catch (const std::exception& e) {
        std::lock_guard g(mu);
        errors.push_back(e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 0; i < std::min<size_t>(2, jobs.size()); ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (!errors.empty()) {
    std::string text;
    for (const auto& e : errors) text += (text.empty() ? "" : "\n") + e;
    throw std::runtime_error(text);
  }
  bool publishes = false;
  for (const auto& s : env.services)
    for (const auto& p : s.ports) publishes = publishes || p.publish != 0;
  if (publishes) images.relay = relay_image(engine);
  return images;
}

void ensure_pulled(const sd::Engine& engine, const Plan& plan, const std::function<void(const std::string&)>& on_pull) {
  std::set<std::string> done;
  for (const auto& c : plan.containers) {
    if (c.role != Role::dependency && !(c.role == Role::seed && c.spec.image.find("sha256:") != 0)) continue;
    const std::string& image = c.spec.image;
    if (!done.insert(image).second || engine.image_exists(image)) continue;
    if (on_pull) on_pull(image);
    try {
      engine.pull_image(image);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + "\n  " + c.component +
                               " needs it; to use an image this Docker Engine has, set dependencies." + c.component +
                               ".image in the environment (or --set dependencies." + c.component + ".image=IMAGE)");
    }
  }
}

}  // namespace stackctl::targets::docker
