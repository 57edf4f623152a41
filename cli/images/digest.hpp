// BLAKE2b (libsodium) digests as hex, for content-addressed names: image
// tags, container spec labels, relay image tags.
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace stackctl::images {

/// Hashes a sequence of strings, each length-prefixed so "ab"+"c" != "a"+"bc".
class Hasher {
 public:
  Hasher();
  void add(std::string_view s);
  /// The first `digits` hex digits (even, at most 64) of the digest.
  std::string hex(size_t digits);

 private:
  crypto_generichash_state state_;
};

/// The first `digits` hex digits of the BLAKE2b digest of `bytes` (unprefixed).
std::string blake2b_hex(std::string_view bytes, size_t digits);

}  // namespace stackctl::images
