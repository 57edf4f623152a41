#include "targets/docker/apply.hpp"

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "clients/engine/build_context.hpp"
#include "clients/engine/container_spec.hpp"
#include "images/digest.hpp"
#include "targets/docker/readiness.hpp"
#include "targets/docker/secret_files.hpp"
#include "targets/docker/teardown.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw DeployError("cannot read seed file " + p.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string container_name(const Plan& plan, const ContainerPlan& c, const std::string& hash) {
  const std::string base = plan.prefix() + "-" + c.component;
  switch (c.role) {
    case Role::dependency:
      return base;
    case Role::seed:
      return base + "-seed";
    case Role::relay:
      return base + "-ports";
    case Role::service:
      return base + "-" + hash.substr(0, 8);  // old and new side by side while replacing
  }
  return base;
}

/// One plan entry, applied.
class Step {
 public:
  Step(const sd::Engine& engine, const Plan& plan, const ContainerPlan& c, const ApplyOptions& options,
       std::vector<sd::ContainerSummary> existing)
      : engine_(engine), plan_(plan), c_(c), options_(options), existing_(std::move(existing)) {}

  Change run() {
    const auto t0 = Clock::now();
    sd::ContainerSpec spec = c_.spec;
    spec.env = resolve_env(c_.spec.env, options_.secrets);
    secrets_ = resolve_secret_files(c_.secret_files, options_.secrets);
    std::string seed;
    std::string digest;
    if (c_.role == Role::seed) {
      seed = read_file(options_.root / c_.seed_file);
      digest = images::blake2b_hex(seed, 32);
    }
    // A changed secret value replaces the container, as a changed env does.
    for (const auto& f : secrets_) digest += images::blake2b_hex(f.name + '\0' + f.text, 32);
    const std::string hash = spec_hash(spec, digest);
    spec.name = container_name(plan_, c_, hash);
    spec.labels[label_stack] = plan_.stack;
    spec.labels[label_instance] = plan_.instance;
    spec.labels[label_key] = c_.key();
    spec.labels[label_spec] = hash;
    add_secrets_mount(spec, plan_.prefix(), secrets_);
    spec_ = spec;

    Change change{c_.key(), "", spec.name, 0};
    std::vector<sd::ContainerSummary> stale;
    const sd::ContainerSummary* same = nullptr;
    for (const auto& e : existing_) {
      if (same == nullptr && e.labels.count(label_spec) && e.labels.at(label_spec) == hash)
        same = &e;
      else
        stale.push_back(e);
    }
    const auto timeout = std::chrono::seconds(c_.ready_timeout_seconds);
    if (same != nullptr) {
      change.action = keep(*same, timeout);
      if (change.action.empty()) same = nullptr;  // a failed job: run it again
    }
    if (same == nullptr) {
      if (c_.role == Role::service) {
        const std::string id = create(spec, "");
        start_and_wait(id, timeout, true);
        for (const auto& old : stale) remove(old);  // only once the new one is ready
      } else {
        for (const auto& old : stale) remove(old);
        const std::string id = create(spec, seed);
        start_and_wait(id, timeout, true);
      }
      change.action = existing_.empty() ? "created" : "replaced";
    } else {
      for (const auto& old : stale) remove(old);
    }
    change.seconds = seconds_since(t0);
    return change;
  }

 private:
  /// The container with the wanted spec exists: "unchanged" or "started";
  /// "" for a failed job, which is run again.
  std::string keep(const sd::ContainerSummary& c, std::chrono::seconds timeout) {
    const sd::ContainerInfo info = engine_.inspect_container(c.id);
    if (c_.role == Role::seed) {
      if (!info.state.running && info.state.exit_code == 0 && info.state.status == "exited") return "unchanged";
      remove(c);
      return "";
    }
    // After a reboot /dev/shm is empty: the container (failing, or in a
    // restart loop, without them) is stopped, the files written again (the
    // daemon recreates a missing folder) and it is started.
    if (!secrets_.empty() && !secret_files_present(engine_, c.id, secrets_)) {
      engine_.stop_container(c.id, info.stop_timeout_seconds.value_or(10));
      write_secret_files(engine_, c.id, secrets_, container_owner(engine_, c.id, spec_));
      start_and_wait(c.id, timeout, false);
      return "started";
    }
    if (info.state.running) {
      wait_ready(engine_, c.id, what(), timeout);
      return "unchanged";
    }
    start_and_wait(c.id, timeout, false);
    return "started";
  }

  std::string create(const sd::ContainerSpec& spec, const std::string& seed) {
    // No restarts until it has been ready once: a container that cannot start
    // fails the deploy with its own exit code instead of looping.
    sd::ContainerSpec first = spec;
    first.restart = sd::RestartPolicy::no;
    restart_after_ready_ = spec.restart;
    const std::string id = engine_.create_container(first);
    try {
      write_secret_files(engine_, id, secrets_, container_owner(engine_, id, spec));
    } catch (...) {
      discard(id);
      throw;
    }
    if (c_.role == Role::seed) {
      std::string path = c_.seed_path;
      if (!path.empty() && path.front() == '/') path.erase(0, 1);
      engine_.put_archive(id, "/", sd::make_tar({{path, seed, 0644}}));
    }
    return id;
  }

  void start_and_wait(const std::string& id, std::chrono::seconds timeout, bool created) {
    try {
      engine_.start_container(id);
      if (c_.role == Role::seed)
        wait_job(engine_, id, what(), timeout);
      else
        wait_ready(engine_, id, what(), timeout);
      if (created && restart_after_ready_ != sd::RestartPolicy::no)
        engine_.set_restart_policy(id, restart_after_ready_);
    } catch (...) {
      // A new service container that failed must not join the old one behind
      // its name: its logs are in the error, the container goes.
      if (created && c_.role == Role::service) {
        discard(id);
      }
      throw;
    }
  }

  void remove(const sd::ContainerSummary& c) { stop_and_remove(engine_, c.id); }
  /// A new container that failed goes at once, its secret files emptied first.
  void discard(const std::string& id) noexcept {
    try {
      engine_.kill_container(id);
    } catch (...) {
    }
    try {
      stop_and_remove(engine_, id);
    } catch (...) {
    }
  }

  std::string what() const { return c_.key(); }

  const sd::Engine& engine_;
  const Plan& plan_;
  const ContainerPlan& c_;
  const ApplyOptions& options_;
  std::vector<sd::ContainerSummary> existing_;
  std::vector<SecretFile> secrets_;  // resolved: they hold the values
  sd::ContainerSpec spec_;           // resolved, named and labelled
  sd::RestartPolicy restart_after_ready_ = sd::RestartPolicy::no;
};

enum class State { pending, running, done, failed, skipped };

}  // namespace

bool ApplyResult::nothing_changed() const {
  for (const auto& c : changes)
    if (c.action != "unchanged") return false;
  return true;
}

std::string spec_hash(const sd::ContainerSpec& resolved, const std::string& seed_digest) {
  sd::ContainerSpec s = resolved;
  s.name.clear();
  s.labels.clear();
  images::Hasher h;
  h.add(sd::container_create_body(s).dump());
  h.add(seed_digest);
  return h.hex(16);
}

sd::LabelFilter instance_filter(const std::string& stack, const std::string& instance) {
  return {{label_stack, stack}, {label_instance, instance}};
}

ApplyResult apply_plan(const sd::Engine& engine, const Plan& plan, const ApplyOptions& options) {
  const sd::Labels labels = {{label_stack, plan.stack}, {label_instance, plan.instance}};
  engine.ensure_network({plan.network, "bridge", false, labels});
  const auto volumes = engine.list_volumes(labels);
  for (const auto& v : plan.volumes) {
    bool present = false;
    for (const auto& info : volumes) present = present || info.name == v;
    if (!present) engine.create_volume({v, labels});
  }

  std::map<std::string, std::vector<sd::ContainerSummary>> existing;
  for (auto& c : engine.list_containers(labels))
    if (c.labels.count(label_key)) existing[c.labels.at(label_key)].push_back(c);

  const size_t n = plan.containers.size();
  std::vector<State> state(n, State::pending);
  std::vector<Change> changes(n);
  std::vector<std::string> errors;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index[plan.containers[i].key()] = i;

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::thread> workers;
  auto event = [&](const std::string& key, const std::string& text) {
    if (options.on_event) options.on_event(key, text);
  };
  {
    std::unique_lock lock(mu);
    for (;;) {
      bool running = false;
      for (size_t i = 0; i < n; ++i) {
        if (state[i] == State::running) running = true;
        if (state[i] != State::pending) continue;
        bool blocked = false, waiting = false;
        for (const auto& dep : plan.containers[i].after) {
          auto it = index.find(dep);
          if (it == index.end()) continue;
          if (state[it->second] == State::failed || state[it->second] == State::skipped) blocked = true;
          if (state[it->second] != State::done) waiting = true;
        }
        if (blocked) {
          state[i] = State::skipped;
          continue;
        }
        if (waiting) continue;
        state[i] = State::running;
        running = true;
        const ContainerPlan& c = plan.containers[i];
        auto found = existing.find(c.key());
        std::vector<sd::ContainerSummary> mine =
            found == existing.end() ? std::vector<sd::ContainerSummary>{} : found->second;
        workers.emplace_back([&, i, mine] {
          Step step(engine, plan, plan.containers[i], options, mine);
          Change change;
          std::string error;
          try {
            change = step.run();
          } catch (const std::exception& e) {
            error = e.what();
          }
          std::lock_guard g(mu);
          if (error.empty()) {
            changes[i] = change;
            state[i] = State::done;
            event(change.key, change.action);
          } else {
            errors.push_back(error);
            state[i] = State::failed;
            event(plan.containers[i].key(), "failed");
          }
          cv.notify_all();
        });
        event(c.key(), "working");
      }
      if (!running) break;
      cv.wait(lock);
    }
  }
  for (auto& w : workers) w.join();

  if (!errors.empty()) {
    std::string text;
    for (const auto& e : errors) text += (text.empty() ? "" : "\n") + e;
    size_t skipped = 0;
    for (auto s : state) skipped += s == State::skipped;
    if (skipped) text += "\n(" + std::to_string(skipped) + " containers that depend on it were not started)";
    throw DeployError(text);
  }

  ApplyResult result;
  result.changes = changes;
  // What the plan no longer has (a disabled service, a removed dependency).
  for (const auto& [key, containers] : existing) {
    if (index.count(key)) continue;
    for (const auto& c : containers) {
      stop_and_remove(engine, c.id);
      result.changes.push_back({key, "removed", c.name, 0});
      event(key, "removed");
    }
  }
  return result;
}

}  // namespace stackctl::targets::docker
