// A position in a source text (byte offset, 1-based line and column counted in
// UTF-8 characters) for the hand-written Terraform readers, with marks and
// errors in the project's file:line:column form.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "config/diagnostics.hpp"
#include "config/node.hpp"

namespace stackctl::terraform {

class TextCursor {
 public:
  struct Position {
    size_t offset = 0;
    int line = 1;
    int column = 1;
  };

  TextCursor(std::string_view text, const std::string& file_name)
      : text_(text), file_(std::make_shared<const std::string>(file_name)) {}

  bool eof() const { return pos_.offset >= text_.size(); }
  char peek(size_t ahead = 0) const { return pos_.offset + ahead < text_.size() ? text_[pos_.offset + ahead] : '\0'; }
  bool starts_with(std::string_view s) const { return text_.substr(pos_.offset).starts_with(s); }
  std::string_view rest() const { return text_.substr(pos_.offset); }
  std::string_view slice(size_t from, size_t to) const { return text_.substr(from, to - from); }

  void advance(size_t n = 1) {
    for (size_t k = 0; k < n && pos_.offset < text_.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(text_[pos_.offset++]);
      if (c == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++pos_.column;
      }
    }
  }

  Position position() const { return pos_; }
  void restore(Position p) { pos_ = p; }
  config::Mark mark() const { return config::Mark{file_, pos_.line, pos_.column}; }
  const std::shared_ptr<const std::string>& file() const { return file_; }

  [[noreturn]] static void fail_at(const config::Mark& m, const std::string& message) {
    throw config::InvalidInput({config::Diagnostic{m, "", message}});
  }
  [[noreturn]] void fail(const std::string& message) const { fail_at(mark(), message); }

  /// Reads `digits` hex digits (a \u or \U escape's) into `code`. False,
  /// with the cursor on the offending character, when one is not hex.
  bool read_hex(size_t digits, unsigned long& code) {
    code = 0;
    for (size_t k = 0; k < digits; ++k) {
      const char h = peek();
      const int d = (h >= '0' && h <= '9')   ? h - '0'
                    : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                             : -1;
      if (d < 0) return false;
      code = code * 16 + static_cast<unsigned long>(d);
      advance();
    }
    return true;
  }

  /// "end of file", "end of line" or the quoted character at the cursor.
  std::string describe() const {
    if (eof()) return "end of file";
    if (peek() == '\n' || (peek() == '\r' && peek(1) == '\n')) return "end of line";
    return std::string("\"") + peek() + "\"";
  }

 private:
  std::string_view text_;
  std::shared_ptr<const std::string> file_;
  Position pos_;
};

/// Appends code point `cp` to `out` as UTF-8.
inline void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace stackctl::terraform
