#include "crypto/bech32.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace stackctl::crypto::bech32 {
namespace {

constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::size_t kChecksumLength = 6;

// Key material passes through these buffers in encoded form too.
template <typename Container>
void wipe(Container& c) {
  if (!c.empty()) sodium_memzero(c.data(), c.size() * sizeof(c[0]));
}

std::uint32_t polymod(const std::vector<unsigned char>& values) {
  constexpr std::array<std::uint32_t, 5> kGenerator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t chk = 1;
  for (unsigned char v : values) {
    std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGenerator[i];
    }
  }
  return chk;
}

// The prefix expanded for the checksum, followed by the 5-bit data values.
std::vector<unsigned char> checksum_input(std::string_view hrp, const std::vector<unsigned char>& data) {
  std::vector<unsigned char> values;
  values.reserve(hrp.size() * 2 + 1 + data.size() + kChecksumLength);
  for (char c : hrp) values.push_back(static_cast<unsigned char>(c) >> 5);
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<unsigned char>(c) & 31);
  values.insert(values.end(), data.begin(), data.end());
  return values;
}

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::nullopt_t fail(std::string* error, const char* reason) {
  if (error != nullptr) *error = reason;
  return std::nullopt;
}

// Regroups 5-bit values into bytes; the leftover bits must be fewer than 5
// and all zero.
bool five_to_eight(const std::vector<unsigned char>& in, std::vector<unsigned char>& out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char v : in) {
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xff));
    }
  }
  bool ok = bits < 5 && (acc & ((1u << bits) - 1)) == 0;
  acc = 0;
  return ok;
}

}  // namespace

std::string encode(std::string_view hrp, std::span<const unsigned char> data, bool upper) {
  std::vector<unsigned char> values;
  values.reserve((data.size() * 8 + 4) / 5);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char byte : data) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      values.push_back(static_cast<unsigned char>((acc >> bits) & 31));
    }
  }
  if (bits > 0) values.push_back(static_cast<unsigned char>((acc << (5 - bits)) & 31));
  acc = 0;

  std::vector<unsigned char> input = checksum_input(hrp, values);
  input.resize(input.size() + kChecksumLength, 0);
  std::uint32_t mod = polymod(input) ^ 1;
  wipe(input);
  for (std::size_t i = 0; i < kChecksumLength; ++i) {
    values.push_back(static_cast<unsigned char>((mod >> (5 * (kChecksumLength - 1 - i))) & 31));
  }

  std::string out;
  out.reserve(hrp.size() + 1 + values.size());
  out.append(hrp);
  out.push_back('1');
  for (unsigned char v : values) out.push_back(kCharset[v]);
  wipe(values);
  if (upper) {
    for (char& c : out) c = to_upper(c);
  }
  return out;
}

std::optional<Decoded> decode(std::string_view text, std::string* error) {
  if (text.empty()) return fail(error, "empty");
  bool has_lower = false;
  bool has_upper = false;
  for (char c : text) {
    if (c < 33 || c > 126) return fail(error, "invalid character");
    has_lower |= c >= 'a' && c <= 'z';
    has_upper |= c >= 'A' && c <= 'Z';
  }
  if (has_lower && has_upper) return fail(error, "mixed upper and lower case");

  std::size_t separator = text.rfind('1');
  if (separator == std::string_view::npos) return fail(error, "missing the '1' separator");
  if (separator == 0) return fail(error, "empty prefix");
  if (text.size() - separator - 1 < kChecksumLength) return fail(error, "too short");

  std::string hrp_lower;
  for (char c : text.substr(0, separator)) hrp_lower.push_back(to_lower(c));
  std::vector<unsigned char> values;
  values.reserve(text.size() - separator - 1);
  for (char c : text.substr(separator + 1)) {
    std::size_t v = kCharset.find(to_lower(c));
    if (v == std::string_view::npos) {
      wipe(values);
      return fail(error, "invalid character");
    }
    values.push_back(static_cast<unsigned char>(v));
  }

  std::vector<unsigned char> input = checksum_input(hrp_lower, values);
  bool checksum_ok = polymod(input) == 1;
  wipe(input);
  if (!checksum_ok) {
    wipe(values);
    return fail(error, "bad checksum");
  }

  values.resize(values.size() - kChecksumLength);
  Decoded decoded;
  decoded.hrp = std::string(text.substr(0, separator));
  decoded.data.reserve(values.size() * 5 / 8);
  bool padding_ok = five_to_eight(values, decoded.data);
  wipe(values);
  if (!padding_ok) {
    wipe(decoded.data);
    return fail(error, "invalid padding");
  }
  return decoded;
}

}  // namespace stackctl::crypto::bech32
