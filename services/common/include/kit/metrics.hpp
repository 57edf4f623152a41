// Prometheus metrics in the text exposition format (version 0.0.4).
//
// Families are registered once by name; each observation names its label
// values. The HTTP layer records request counts, a latency histogram and
// errors; services add their own families the same way.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kit {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Family {
 public:
  virtual ~Family() = default;
  virtual void render(std::string& out) const = 0;
};

class Counter : public Family {
 public:
  Counter(std::string name, std::string help);
  void add(const Labels& labels, double amount = 1);
  void render(std::string& out) const override;

 private:
  std::string name_, help_;
  mutable std::mutex mutex_;
  std::map<std::string, double> values_;  // rendered label set -> value
};

class Gauge : public Family {
 public:
  Gauge(std::string name, std::string help);
  void add(double amount);
  void render(std::string& out) const override;

 private:
  std::string name_, help_;
  mutable std::mutex mutex_;
  double value_ = 0;
};

class Histogram : public Family {
 public:
  Histogram(std::string name, std::string help, std::vector<double> bounds);
  void observe(const Labels& labels, double value);
  void render(std::string& out) const override;

 private:
  struct Series {
    std::vector<unsigned long long> buckets;  // cumulative counts are computed when rendering
    double sum = 0;
    unsigned long long count = 0;
  };
  std::string name_, help_;
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::map<std::string, Series> series_;
};

class Metrics {
 public:
  Counter& counter(const std::string& name, const std::string& help);
  Gauge& gauge(const std::string& name, const std::string& help);
  Histogram& histogram(const std::string& name, const std::string& help, std::vector<double> bounds);
  // Every family, in registration order.
  std::string render() const;

 private:
  template <typename T, typename... Args>
  T& family(const std::string& name, Args&&... args);
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::unique_ptr<Family>>> families_;
};

// Label values escaped as the exposition format requires.
std::string render_labels(const Labels& labels);

}  // namespace kit
