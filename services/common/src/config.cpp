#include "kit/config.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace kit {

namespace {
std::string join_problems(const std::vector<std::string>& problems) {
  std::string text = "invalid configuration:";
  for (const auto& p : problems) text += "\n  " + p;
  return text;
}
}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

Config::Config()
    : lookup_([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      }) {}

Config::Config(Lookup lookup) : lookup_(std::move(lookup)) {}

std::optional<std::string> Config::get(const std::string& name) {
  auto value = lookup_(name);
  const auto file = lookup_(name + "_FILE");
  if (!file) return value;
  if (value) {
    problem(name, "both " + name + " and " + name + "_FILE are set; set only one");
    return std::nullopt;
  }
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    problem(name + "_FILE", "cannot read \"" + *file + "\": " + std::strerror(errno));
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    problem(name + "_FILE", "cannot read \"" + *file + "\"");
    return std::nullopt;
  }
  if (text.ends_with("\r\n"))
    text.resize(text.size() - 2);
  else if (text.ends_with('\n'))
    text.pop_back();
  return text;
}

bool Config::has(const std::string& name) const {
  return lookup_(name).has_value() || lookup_(name + "_FILE").has_value();
}

void Config::problem(const std::string& name, const std::string& message) {
  problems_.push_back(name + ": " + message);
}

std::string Config::required(const std::string& name) {
  auto value = get(name);
  if (!value || value->empty()) {
    problem(name, "required but not set");
    return {};
  }
  return *value;
}

std::string Config::secret(const std::string& name) { return required(name); }

std::string Config::optional(const std::string& name, const std::string& fallback) {
  auto value = get(name);
  return value && !value->empty() ? *value : fallback;
}

std::int64_t Config::integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto value = get(name);
  if (!value || value->empty()) return fallback;
  std::int64_t parsed = 0;
  const char* end = value->data() + value->size();
  auto [ptr, ec] = std::from_chars(value->data(), end, parsed);
  if (ec != std::errc() || ptr != end) {
    problem(name, "\"" + *value + "\" is not an integer");
    return fallback;
  }
  if (parsed < min || parsed > max) {
    problem(name,
            std::to_string(parsed) + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return fallback;
  }
  return parsed;
}

bool Config::boolean(const std::string& name, bool fallback) {
  auto value = get(name);
  if (!value || value->empty()) return fallback;
  if (*value == "true" || *value == "1" || *value == "yes") return true;
  if (*value == "false" || *value == "0" || *value == "no") return false;
  problem(name, "\"" + *value + "\" is not a boolean (true/false)");
  return fallback;
}

std::chrono::seconds Config::seconds(const std::string& name, std::chrono::seconds fallback) {
  return std::chrono::seconds(integer(name, fallback.count(), 0, 365LL * 24 * 3600));
}

void Config::finish() const {
  if (!problems_.empty()) throw ConfigError(problems_);
}

}  // namespace kit
