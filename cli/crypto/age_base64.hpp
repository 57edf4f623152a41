// Canonical base64 (RFC 4648 section 4) for age: unpadded inside the header,
// padded inside the ASCII armor. Decoding rejects every non-canonical form:
// characters outside the alphabet, stray or missing padding, and set bits
// past the last full byte.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::crypto::age::detail {

std::string base64_encode(std::span<const unsigned char> data, bool padded);

/// nullopt unless text is exactly the canonical encoding of some bytes.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, bool padded);

}  // namespace stackctl::crypto::age::detail
