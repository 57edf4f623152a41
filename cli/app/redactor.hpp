// Masks known secret values in text: stackctl's own messages, JSON events and
// (through OutputGuard) the output of the tools it runs.
//
// Every registered value is replaced by "[secret:NAME]". Besides the raw value,
// add() registers the forms a value takes in tool output: standard base64 with
// and without padding (Kubernetes Secret data, docker/kubectl dumps) and the
// JSON string escaping (when it differs, e.g. a value containing '"' or '\').
//
// Overlaps: all occurrences of all patterns are found, and occurrences that
// overlap are merged into one masked run labelled with the longest pattern in
// it (ties: the one registered first), so no byte of any secret is printed.
// Adjacent, non-overlapping occurrences are masked separately.
#pragma once

#include <cstddef>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::app {

class Redactor {
 public:
  /// Values shorter than this are not registered: masking "1" or "yes"
  /// everywhere would make the output unreadable and reveal the value anyway.
  static constexpr size_t min_length = 4;

  Redactor() = default;
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  /// Registers a secret. Safe to call while other threads redact; a value (or
  /// derived form) already registered keeps its first name.
  void add(const std::string& name, const std::string& value);

  /// Number of registered patterns (raw values plus derived encodings).
  size_t pattern_count() const;

  /// `text` with every occurrence of a registered value masked.
  std::string redact(std::string_view text) const;

  /// Redacts text arriving in chunks (a pipe). feed() returns what can be
  /// emitted now; it holds back only a tail that might still become a secret
  /// (the longest suffix that is a proper prefix of a registered value, moved
  /// back to the start of a masked run that the tail is inside of). The
  /// concatenation of all feed() results and finish() equals redact() of the
  /// whole input. A Stream must not outlive its Redactor; different Streams may
  /// be used concurrently from different threads, one Stream from one thread.
  class Stream {
   public:
    std::string feed(std::string_view chunk);
    /// Flushes the held-back tail (which never completed a secret).
    std::string finish();
    /// Bytes currently held back.
    size_t pending() const { return pending_.size(); }

   private:
    friend class Redactor;
    explicit Stream(const Redactor& r) : redactor_(&r) {}
    const Redactor* redactor_;
    std::string pending_;
  };
  Stream stream() const { return Stream(*this); }

 private:
  struct Pattern {
    std::string text;
    std::string replacement;
    std::vector<size_t> failure;  // KMP failure function of `text`
  };
  // A maximal run of overlapping occurrences, [begin, end), masked with
  // patterns_[label].
  struct Run {
    size_t begin;
    size_t end;
    size_t label;
  };

  void add_pattern(const std::string& name, std::string text);
  // All masked runs in `text`, by position; `hold` receives the length of the
  // longest suffix of `text` that is a proper prefix of a pattern. Needs mutex_.
  std::vector<Run> scan(std::string_view text, size_t* hold) const;
  // Redacts the whole of `text` when `final`, otherwise the longest prefix that
  // text appended later cannot change; `consumed` receives its length.
  std::string redact_prefix(std::string_view text, bool final, size_t* consumed) const;

  mutable std::shared_mutex mutex_;
  std::vector<Pattern> patterns_;  // registration order
};

}  // namespace stackctl::app
