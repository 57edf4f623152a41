#include "kit/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace kit {

namespace {
std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

// "{a="1",b="2"}" -> "a="1",b="2"" so more labels (le) can be appended.
std::string inner(const std::string& rendered) {
  return rendered.empty() ? std::string() : rendered.substr(1, rendered.size() - 2);
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"";
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Counter::Counter(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}

void Counter::add(const Labels& labels, double amount) {
  auto key = render_labels(labels);
  std::lock_guard lock(mutex_);
  values_[key] += amount;
}

void Counter::render(std::string& out) const {
  header(out, name_, help_, "counter");
  std::lock_guard lock(mutex_);
  for (const auto& [labels, value] : values_) out += name_ + labels + " " + number(value) + "\n";
}

Gauge::Gauge(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}

void Gauge::add(double amount) {
  std::lock_guard lock(mutex_);
  value_ += amount;
}

void Gauge::render(std::string& out) const {
  header(out, name_, help_, "gauge");
  std::lock_guard lock(mutex_);
  out += name_ + " " + number(value_) + "\n";
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> bounds)
    : name_(std::move(name)), help_(std::move(help)), bounds_(std::move(bounds)) {}

void Histogram::observe(const Labels& labels, double value) {
  auto key = render_labels(labels);
  std::lock_guard lock(mutex_);
  auto& series = series_[key];
  if (series.buckets.empty()) series.buckets.assign(bounds_.size(), 0);
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    if (value <= bounds_[i]) {
      ++series.buckets[i];
      break;
    }
  series.sum += value;
  ++series.count;
}

void Histogram::render(std::string& out) const {
  header(out, name_, help_, "histogram");
  std::lock_guard lock(mutex_);
  for (const auto& [labels, series] : series_) {
    auto prefix = inner(labels);
    if (!prefix.empty()) prefix += ',';
    unsigned long long cumulative = 0;
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
      cumulative += series.buckets[i];
      out += name_ + "_bucket{" + prefix + "le=\"" + number(bounds_[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += name_ + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(series.count) + "\n";
    out += name_ + "_sum" + labels + " " + number(series.sum) + "\n";
    out += name_ + "_count" + labels + " " + std::to_string(series.count) + "\n";
  }
}

template <typename T, typename... Args>
T& Metrics::family(const std::string& name, Args&&... args) {
  std::lock_guard lock(mutex_);
  for (auto& [existing, family] : families_)
    if (existing == name) {
      auto* typed = dynamic_cast<T*>(family.get());
      if (typed == nullptr) throw std::logic_error("metric " + name + " registered twice with different types");
      return *typed;
    }
  auto made = std::make_unique<T>(name, std::forward<Args>(args)...);
  T& result = *made;
  families_.emplace_back(name, std::move(made));
  return result;
}

Counter& Metrics::counter(const std::string& name, const std::string& help) { return family<Counter>(name, help); }

Gauge& Metrics::gauge(const std::string& name, const std::string& help) { return family<Gauge>(name, help); }

Histogram& Metrics::histogram(const std::string& name, const std::string& help, std::vector<double> bounds) {
  return family<Histogram>(name, help, std::move(bounds));
}

std::string Metrics::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) family->render(out);
  return out;
}

}  // namespace kit
