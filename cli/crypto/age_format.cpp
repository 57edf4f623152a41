#include "crypto/age_format.hpp"

#include <algorithm>
#include <optional>

#include "crypto/age.hpp"
#include "crypto/age_base64.hpp"
#include "crypto/age_crypto.hpp"

namespace stackctl::crypto::age::detail {
namespace {

constexpr std::string_view kIntro = "age-encryption.org/";
constexpr std::string_view kVersionLine = "age-encryption.org/v1\n";
constexpr std::string_view kMacMark = "---";
constexpr std::size_t kColumns = 64;
constexpr std::string_view kArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
constexpr std::string_view kArmorEnd = "-----END AGE ENCRYPTED FILE-----";

[[noreturn]] void malformed(const std::string& what) { throw Error(Error::Kind::malformed, what); }

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}
bool is_vchar(char c) { return c >= 0x21 && c <= 0x7e; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads header lines, each of which must end with LF.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line without its LF; start() is where it began.
  std::string_view next() {
    std::size_t newline = text_.find('\n', pos_);
    ++number_;
    if (newline == std::string_view::npos) {
      malformed("age header line " + std::to_string(number_) + " does not end with a newline (truncated file?)");
    }
    start_ = pos_;
    pos_ = newline + 1;
    return text_.substr(start_, newline - start_);
  }
  std::size_t start() const { return start_; }
  std::size_t position() const { return pos_; }
  int number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  int number_ = 0;
};

std::vector<std::string> parse_stanza_args(std::string_view line, int number) {
  std::string where = "age header line " + std::to_string(number) + ": ";
  std::vector<std::string> args;
  std::string_view rest = line.substr(3);  // past "-> "
  while (true) {
    std::size_t space = rest.find(' ');
    std::string_view arg = rest.substr(0, space);
    if (arg.empty()) malformed(where + "empty stanza argument");
    for (char c : arg) {
      if (!is_vchar(c)) malformed(where + "stanza argument with a character that is not printable ASCII");
    }
    args.emplace_back(arg);
    if (space == std::string_view::npos) break;
    rest = rest.substr(space + 1);
  }
  return args;
}

std::vector<unsigned char> parse_stanza_body(LineReader& lines) {
  std::string encoded;
  while (true) {
    std::string_view line = lines.next();
    std::string where = "age header line " + std::to_string(lines.number()) + ": ";
    if (line.size() > kColumns) malformed(where + "stanza body line longer than 64 columns");
    for (char c : line) {
      if (!is_base64_char(c)) malformed(where + "stanza body is not base64 (or the stanza lacks its final short line)");
    }
    encoded.append(line);
    if (line.size() < kColumns) break;
  }
  auto body = base64_decode(encoded, /*padded=*/false);
  if (!body) malformed("age header line " + std::to_string(lines.number()) + ": stanza body is not canonical base64");
  return std::move(*body);
}

}  // namespace

std::string format_header_without_mac(const std::vector<Stanza>& stanzas) {
  std::string out(kVersionLine);
  for (const Stanza& stanza : stanzas) {
    out += "->";
    for (const std::string& arg : stanza.args) out += " " + arg;
    out += "\n";
    std::string body = base64_encode(stanza.body, /*padded=*/false);
    // Full 64-column lines, then a shorter final line, which may be empty.
    std::size_t at = 0;
    for (; body.size() - at >= kColumns; at += kColumns) out.append(body, at, kColumns).push_back('\n');
    out.append(body, at).push_back('\n');
  }
  out += kMacMark;
  return out;
}

std::string format_mac_line(std::span<const unsigned char, 32> mac) {
  return " " + base64_encode(mac, /*padded=*/false) + "\n";
}

Header parse_header(std::string_view file) {
  if (!file.starts_with(kIntro)) malformed("not an age file: it does not start with \"age-encryption.org/\"");
  LineReader lines(file);
  std::string_view version = lines.next();
  if (version != kVersionLine.substr(0, kVersionLine.size() - 1)) {
    malformed("unsupported age file version (this reads age-encryption.org/v1)");
  }

  Header header;
  while (true) {
    std::string_view line = lines.next();
    std::string where = "age header line " + std::to_string(lines.number()) + ": ";
    if (line.starts_with("-> ")) {
      Stanza stanza;
      stanza.args = parse_stanza_args(line, lines.number());
      stanza.body = parse_stanza_body(lines);
      header.stanzas.push_back(std::move(stanza));
    } else if (line.starts_with(kMacMark)) {
      if (header.stanzas.empty()) malformed(where + "the header has no recipient stanza");
      std::string_view encoded = line.substr(kMacMark.size());
      if (!encoded.starts_with(' ')) malformed(where + "the MAC line lacks the space after \"---\"");
      auto mac = base64_decode(encoded.substr(1), /*padded=*/false);
      if (!mac || mac->size() != header.mac.size()) malformed(where + "the header MAC is not 32 bytes of base64");
      std::copy(mac->begin(), mac->end(), header.mac.begin());
      header.mac_input_size = lines.start() + kMacMark.size();
      header.payload_offset = lines.position();
      return header;
    } else {
      malformed(where + "neither a recipient stanza (\"-> \") nor the MAC line (\"---\")");
    }
  }
}

bool looks_armored(std::string_view input) {
  std::size_t start = 0;
  while (start < input.size() && is_space(input[start])) ++start;
  return input.substr(start).starts_with("-----BEGIN");
}

std::string armor(std::string_view binary) {
  std::string encoded = base64_encode(bytes_of(binary), /*padded=*/true);
  std::string out(kArmorBegin);
  out += '\n';
  for (std::size_t at = 0; at < encoded.size(); at += kColumns) out.append(encoded, at, kColumns).push_back('\n');
  out += kArmorEnd;
  out += '\n';
  return out;
}

std::string dearmor(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  int number = 0;
  // The next line without its line ending (LF or CRLF); the last one may lack it.
  auto next_line = [&]() -> std::optional<std::string_view> {
    if (pos >= text.size()) return std::nullopt;
    std::size_t newline = text.find('\n', pos);
    std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(pos, end - pos);
    pos = newline == std::string_view::npos ? text.size() : newline + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
  };
  auto where = [&]() { return "age armor line " + std::to_string(number) + ": "; };

  auto first = next_line();
  if (!first || *first != kArmorBegin) {
    malformed("age armor: the block does not start with \"" + std::string(kArmorBegin) + "\"");
  }
  std::string encoded;
  bool saw_short_line = false;
  while (true) {
    auto line = next_line();
    if (!line) malformed("age armor: no \"" + std::string(kArmorEnd) + "\" line (truncated?)");
    if (*line == kArmorEnd) break;
    if (saw_short_line) malformed(where() + "data after the last (short) base64 line");
    if (line->empty()) malformed(where() + "empty line inside the armor");
    if (line->size() > kColumns) malformed(where() + "base64 line longer than 64 columns");
    saw_short_line = line->size() < kColumns;
    encoded.append(*line);
  }
  if (encoded.empty()) malformed("age armor: the block holds no data");
  for (; pos < text.size(); ++pos) {
    if (!is_space(text[pos])) malformed("age armor: data after the \"" + std::string(kArmorEnd) + "\" line");
  }
  auto binary = base64_decode(encoded, /*padded=*/true);
  if (!binary) malformed("age armor: the contents are not canonical base64");
  return std::string(binary->begin(), binary->end());
}

}  // namespace stackctl::crypto::age::detail
