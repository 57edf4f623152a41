// WWW-Authenticate challenge parser.
#include "clients/registry/auth_challenge.hpp"

#include <cctype>

namespace stackctl::registry {
namespace {

bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~/").find(c) != std::string_view::npos;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  size_t pos() const { return i_; }
  void seek(size_t p) { i_ = p; }
  void skip_spaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  void skip_spaces_and_commas() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == ',')) ++i_;
  }
  std::string token() {
    const size_t start = i_;
    while (!done() && is_tchar(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  /// An unquoted value: up to a comma or a space (lenient: URLs have ':' and '/').
  std::string bare_value() {
    const size_t start = i_;
    while (!done() && s_[i_] != ',' && s_[i_] != ' ' && s_[i_] != '\t') ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  std::string quoted() {  // at the opening quote
    std::string out;
    ++i_;
    while (!done() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out += s_[i_++];
    }
    if (!done()) ++i_;  // closing quote
    return out;
  }
  /// True when a "key =" starts here (without moving).
  bool at_param() {
    const size_t start = i_;
    skip_spaces();
    bool ok = !token().empty() && (skip_spaces(), peek() == '=');
    ok = ok && (i_ + 1 >= s_.size() || s_[i_ + 1] != '=');  // "abc==" is a token68
    i_ = start;
    return ok;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Challenge> parse_challenges(std::string_view header) {
  std::vector<Challenge> out;
  Cursor c(header);
  while (true) {
    c.skip_spaces_and_commas();
    const std::string scheme = c.token();
    if (scheme.empty()) break;
    Challenge challenge;
    challenge.scheme = lower(scheme);
    c.skip_spaces();
    if (!c.at_param()) {  // token68, or nothing
      const size_t start = c.pos();
      std::string t = c.token();
      while (c.peek() == '=') {
        t += '=';
        c.seek(c.pos() + 1);
      }
      if (!t.empty() && (c.skip_spaces(), c.peek() == ',' || c.done())) {
        challenge.token68 = t;
      } else {
        c.seek(start);
      }
    } else {
      while (c.at_param()) {
        c.skip_spaces();
        const std::string key = lower(c.token());
        c.skip_spaces();
        c.seek(c.pos() + 1);  // '='
        c.skip_spaces();
        challenge.params[key] = c.peek() == '"' ? c.quoted() : c.bare_value();
        c.skip_spaces();
        if (c.peek() != ',') break;
        // After a comma: another parameter, or the next challenge's scheme.
        c.skip_spaces_and_commas();
      }
    }
    out.push_back(std::move(challenge));
  }
  return out;
}

}  // namespace stackctl::registry
