// Helpers for the age tests: bytes <-> strings, deterministic test data and
// "which error did decrypt() throw".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/age.hpp"

namespace stackctl::testing::age_helpers {

namespace age = stackctl::crypto::age;

inline std::vector<unsigned char> bytes(std::string_view s) { return {s.begin(), s.end()}; }
inline std::string text(const std::vector<unsigned char>& b) { return {b.begin(), b.end()}; }

/// n bytes of a fixed pseudo-random pattern.
inline std::vector<unsigned char> pattern(std::size_t n) {
  std::vector<unsigned char> out(n);
  unsigned x = 2463534242u;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<unsigned char>(x);
  }
  return out;
}

/// The kind of age::Error that decrypt() throws, or nullopt when it succeeds.
inline std::optional<age::Error::Kind> decrypt_error(std::string_view file,
                                                     const std::vector<age::Identity>& identities,
                                                     std::string* message = nullptr) {
  try {
    age::decrypt(file, identities);
  } catch (const age::Error& e) {
    if (message != nullptr) *message = e.what();
    return e.kind();
  }
  return std::nullopt;
}

}  // namespace stackctl::testing::age_helpers
