#include "images/digest.hpp"

#include <cstdint>

namespace stackctl::images {
namespace {

std::string to_hex(const unsigned char* bytes, size_t digits) {
  static const char* h = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < digits / 2; ++i) {
    s += h[bytes[i] >> 4];
    s += h[bytes[i] & 15];
  }
  return s;
}

}  // namespace

Hasher::Hasher() { crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES); }

void Hasher::add(std::string_view s) {
  const uint64_t size = s.size();
  crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(&size), sizeof size);
  crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

std::string Hasher::hex(size_t digits) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash_final(&state_, out, sizeof out);
  return to_hex(out, digits);
}

std::string blake2b_hex(std::string_view bytes, size_t digits) {
  unsigned char out[crypto_generichash_BYTES_MAX];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr, 0);
  return to_hex(out, digits);
}

}  // namespace stackctl::images
