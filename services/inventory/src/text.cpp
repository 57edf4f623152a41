#include "text.hpp"

#include "kit/http.hpp"

namespace inventory {

namespace {

// The number of code points, or nullopt when `text` is not valid UTF-8 or
// holds a control character.
std::optional<std::size_t> printable_utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    char32_t code = 0;
    if (c < 0x80) {
      code = c;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size()) return std::nullopt;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (next & 0x3F);
    }
    static const char32_t smallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < smallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    if (code < 0x20 || (code >= 0x7F && code < 0xA0)) return std::nullopt;
    i += extra + 1;
    ++count;
  }
  return count;
}

}  // namespace

std::string id_problem(std::string_view text) {
  if (text.empty()) return "must not be empty";
  auto length = printable_utf8_length(text);
  if (!length) return "must be UTF-8 text without control characters";
  if (*length > max_id_chars) return "must be at most " + std::to_string(max_id_chars) + " characters";
  return {};
}

std::string require_id(std::string_view text, const std::string& what) {
  auto problem = id_problem(text);
  if (!problem.empty()) throw kit::HttpError(400, what + " " + problem);
  return std::string(text);
}

}  // namespace inventory
