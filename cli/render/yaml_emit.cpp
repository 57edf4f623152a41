#include "render/yaml_emit.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace stackctl::render {
namespace {

using nlohmann::json;

// YAML limits implicit keys to 1024 characters as written; an escape takes at
// most 6 characters per byte, so longer keys are written as "? key" entries.
constexpr std::size_t kMaxImplicitKey = 160;

/// Length of the UTF-8 sequence at s[i] and its code point, or 0 if invalid
/// (truncated, overlong, surrogate or beyond U+10FFFF).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else
    return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/// Code points a YAML 1.1 parser treats as line breaks or that are not
/// printable in a plain scalar: C1 controls, LS, PS and the byte-order mark.
bool must_escape(char32_t cp) { return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF; }

bool equals_ignoring_case(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

/// True when `s` written plain could be read back as anything but `s`:
/// a null, bool, number, timestamp, merge key, indicator or another node.
bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  const char first = s.front();
  // Indicators, plus a sign or dot that could start a number.
  constexpr std::string_view kLeading = "-?:,[]{}#&*!|>'\"%@` +.~";
  if (kLeading.find(first) != std::string_view::npos) return true;
  // Starting with a digit, it may be an int, float or timestamp (in any base
  // or notation a resolver knows) unless a character none of those use
  // shows it is not: "256Mi" and "30s" stay plain.
  if (first >= '0' && first <= '9') {
    constexpr std::string_view kNumeric = "0123456789abcdefABCDEFxXoOpP_.:+-tTzZ ";
    if (s.find_first_not_of(kNumeric) == std::string_view::npos) return true;
  }
  // Some YAML 1.1 resolvers (the npm yaml package's) read "e9" or "E+5" as
  // a float with an empty mantissa.
  if ((first == 'e' || first == 'E') && s.size() > 1) {
    const std::size_t digits = (s[1] == '+' || s[1] == '-') ? 2 : 1;
    if (digits < s.size() && s.find_first_not_of("0123456789", digits) == std::string_view::npos) return true;
  }
  if (s.back() == ' ' || s.back() == ':') return true;
  constexpr std::string_view kWords[] = {"null", "true", "false", "yes",      "no",  "on", "off",
                                         "y",    "n",    "inf",   "infinity", "nan", "<<", "="};
  if (s.size() <= 8)  // the longest word is "infinity"
    for (std::string_view w : kWords)
      if (equals_ignoring_case(s, w)) return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == ':' && s[i + 1] == ' ') return true;  // i + 1 < size: back() != ':'
    if (c == ' ' && s[i + 1] == '#') return true;  // i + 1 < size: back() != ' '
    if (c >= 0x80) {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(s, i, cp);
      if (len == 0 || must_escape(cp)) return true;
      i += len - 1;
    }
  }
  return false;
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
  constexpr char kHex[] = "0123456789ABCDEF";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\0':
        out += "\\0";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      append_hex(out, "\\x", c, 2);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(s, i, cp);
      if (len == 0) {
        out += "\\uFFFD";
      } else {
        if (must_escape(cp))
          append_hex(out, "\\u", static_cast<unsigned>(cp), 4);
        else
          out.append(s.substr(i, len));
        i += len - 1;
      }
    }
  }
  out += '"';
}

void append_string(std::string& out, std::string_view s) {
  if (needs_quotes(s))
    append_quoted(out, s);
  else
    out.append(s);
}

/// Shortest text that reads back as the same double, in a form both YAML 1.1
/// (which needs a '.' and a signed exponent) and 1.2 resolve as a float.
void append_float(std::string& out, double d) {
  if (std::isnan(d)) {
    out += ".nan";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-.inf" : ".inf";
    return;
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  const std::size_t e = text.find('e');
  const std::string_view mantissa = text.substr(0, e);
  out.append(mantissa);
  if (mantissa.find('.') == std::string_view::npos) out += ".0";
  if (e != std::string_view::npos) out.append(text.substr(e));  // to_chars signs it
}

template <typename Int>
void append_integer(std::string& out, Int value) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

void append_scalar(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::string:
      append_string(out, v.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      break;
    case json::value_t::number_integer:
      append_integer(out, v.get<std::int64_t>());
      break;
    case json::value_t::number_unsigned:
      append_integer(out, v.get<std::uint64_t>());
      break;
    case json::value_t::number_float:
      append_float(out, v.get<double>());
      break;
    case json::value_t::object:
      out += "{}";
      break;  // only reached when empty
    case json::value_t::array:
      out += "[]";
      break;  // only reached when empty
    default:
      out += "null";
      break;  // null, discarded, binary
  }
}

bool is_block(const json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void append_block(std::string& out, const json& v, int indent, bool continues_line);

/// What follows "key:" or "-": " scalar" on the same line, or a nested block.
void append_value(std::string& out, const json& v, int indent, bool compact) {
  if (!is_block(v)) {
    out += ' ';
    append_scalar(out, v);
    out += '\n';
  } else if (compact) {
    out += ' ';
    append_block(out, v, indent + 2, true);
  } else {
    out += '\n';
    append_block(out, v, indent + 2, false);
  }
}

/// A non-empty map or list at `indent`; when `continues_line`, its first line
/// goes right after an already written "- ".
void append_block(std::string& out, const json& v, int indent, bool continues_line) {
  bool first = true;
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!(first && continues_line)) out.append(static_cast<std::size_t>(indent), ' ');
      first = false;
      const std::string& key = it.key();
      if (key.size() > kMaxImplicitKey) {
        out += "? ";
        append_quoted(out, key);
        out += '\n';
        out.append(static_cast<std::size_t>(indent), ' ');
      } else {
        append_string(out, key);
      }
      out += ':';
      append_value(out, it.value(), indent, false);
    }
    return;
  }
  for (const auto& item : v) {
    if (!(first && continues_line)) out.append(static_cast<std::size_t>(indent), ' ');
    first = false;
    out += '-';
    append_value(out, item, indent, true);
  }
}

void append_document(std::string& out, const json& doc) {
  if (is_block(doc)) {
    append_block(out, doc, 0, false);
  } else {
    append_scalar(out, doc);
    out += '\n';
  }
}

}  // namespace

std::string to_yaml(const nlohmann::json& doc) {
  std::string out;
  out.reserve(1024);
  append_document(out, doc);
  return out;
}

std::string to_yaml_stream(const std::vector<Document>& docs) {
  std::string out;
  out.reserve(docs.size() * 1024);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (i > 0) out += "---\n";
    append_document(out, docs[i].body);
  }
  return out;
}

}  // namespace stackctl::render
