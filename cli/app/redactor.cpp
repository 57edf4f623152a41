#include "app/redactor.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>

#include <nlohmann/json.hpp>

namespace stackctl::app {

namespace {

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    const size_t n = std::min<size_t>(3, in.size() - i);
    uint32_t v = 0;
    for (size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0u);
    for (size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3f] : '=';
  }
  return out;
}

// The value as it appears inside a JSON string (nlohmann's escaping, which the
// JSON events use); empty when it is not valid UTF-8.
std::string json_escaped(const std::string& value) {
  try {
    const std::string quoted = nlohmann::json(value).dump();
    return quoted.substr(1, quoted.size() - 2);
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

std::vector<size_t> failure_function(const std::string& s) {
  std::vector<size_t> f(s.size(), 0);
  for (size_t i = 1, q = 0; i < s.size(); ++i) {
    while (q > 0 && s[i] != s[q]) q = f[q - 1];
    if (s[i] == s[q]) ++q;
    f[i] = q;
  }
  return f;
}

}  // namespace

void Redactor::add(const std::string& name, const std::string& value) {
  if (value.size() < min_length) return;
  std::unique_lock lock(mutex_);
  add_pattern(name, value);
  std::string encoded = base64(value);
  add_pattern(name, encoded);
  encoded.erase(encoded.find_last_not_of('=') + 1);
  add_pattern(name, encoded);
  add_pattern(name, json_escaped(value));
}

void Redactor::add_pattern(const std::string& name, std::string text) {
  if (text.size() < min_length) return;
  for (const Pattern& p : patterns_) {
    if (p.text == text) return;
  }
  std::vector<size_t> failure = failure_function(text);
  patterns_.push_back({std::move(text), "[secret:" + name + "]", std::move(failure)});
}

size_t Redactor::pattern_count() const {
  std::shared_lock lock(mutex_);
  return patterns_.size();
}

std::vector<Redactor::Run> Redactor::scan(std::string_view text, size_t* hold) const {
  std::vector<Run> hits;
  *hold = 0;
  for (size_t p = 0; p < patterns_.size(); ++p) {
    const std::string& s = patterns_[p].text;
    const std::vector<size_t>& failure = patterns_[p].failure;
    size_t q = 0;  // length of the longest suffix of the text so far that is a prefix of s
    for (size_t i = 0; i < text.size(); ++i) {
      if (q == 0) {  // skip to the next possible start
        const void* next = std::memchr(text.data() + i, s[0], text.size() - i);
        if (next == nullptr) break;
        i = static_cast<size_t>(static_cast<const char*>(next) - text.data());
      }
      while (q > 0 && text[i] != s[q]) q = failure[q - 1];
      if (text[i] == s[q]) ++q;
      if (q == s.size()) {
        hits.push_back({i + 1 - q, i + 1, p});
        q = failure[q - 1];
      }
    }
    *hold = std::max(*hold, q);
  }
  auto longer = [&](size_t a, size_t b) {
    const size_t la = patterns_[a].text.size(), lb = patterns_[b].text.size();
    return la != lb ? la > lb : a < b;
  };
  std::sort(hits.begin(), hits.end(), [](const Run& a, const Run& b) { return a.begin < b.begin; });
  std::vector<Run> runs;
  for (const Run& h : hits) {
    if (!runs.empty() && h.begin < runs.back().end) {
      Run& r = runs.back();
      r.end = std::max(r.end, h.end);
      if (longer(h.label, r.label)) r.label = h.label;
    } else {
      runs.push_back(h);
    }
  }
  return runs;
}

std::string Redactor::redact_prefix(std::string_view text, bool final, size_t* consumed) const {
  std::shared_lock lock(mutex_);
  size_t hold = 0;
  const std::vector<Run> runs = scan(text, &hold);
  // Every occurrence starting before text.size() - hold is complete, so no
  // later text can mask a byte before that point, except by extending a run
  // that reaches past it: then stop where that run starts.
  size_t cut = final ? text.size() : text.size() - hold;
  for (const Run& r : runs) {
    if (r.begin < cut && cut < r.end) cut = r.begin;
  }
  std::string out;
  out.reserve(cut);
  size_t pos = 0;
  for (const Run& r : runs) {
    if (r.end > cut) break;
    out.append(text.substr(pos, r.begin - pos));
    out.append(patterns_[r.label].replacement);
    pos = r.end;
  }
  out.append(text.substr(pos, cut - pos));
  *consumed = cut;
  return out;
}

std::string Redactor::redact(std::string_view text) const {
  size_t consumed = 0;
  return redact_prefix(text, true, &consumed);
}

std::string Redactor::Stream::feed(std::string_view chunk) {
  pending_.append(chunk);
  size_t consumed = 0;
  std::string out = redactor_->redact_prefix(pending_, false, &consumed);
  pending_.erase(0, consumed);
  return out;
}

std::string Redactor::Stream::finish() {
  size_t consumed = 0;
  std::string out = redactor_->redact_prefix(pending_, true, &consumed);
  pending_.clear();
  return out;
}

}  // namespace stackctl::app
