// Bech32 (BIP 173) as age uses it: the original checksum constant, no limit
// on the length of the data part, all-lower or all-upper case with the
// checksum always computed over the lower-case string.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::crypto::bech32 {

/// hrp + "1" + data in 5-bit groups + checksum; upper-cased when upper is set.
/// hrp must be printable ASCII without upper-case letters.
std::string encode(std::string_view hrp, std::span<const unsigned char> data, bool upper);

struct Decoded {
  std::string hrp;  // as written (its case is the string's case)
  std::vector<unsigned char> data;
};

/// nullopt with *error set (when error is not null) to one of: "empty",
/// "mixed upper and lower case", "invalid character", "missing the '1'
/// separator", "empty prefix", "too short", "bad checksum", "invalid padding".
/// The returned data may hold key material: the caller wipes it.
std::optional<Decoded> decode(std::string_view text, std::string* error);

}  // namespace stackctl::crypto::bech32
