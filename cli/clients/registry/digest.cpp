// Sha256 over libsodium.
#include "clients/registry/digest.hpp"

#include <stdexcept>

namespace stackctl::registry {

Sha256::Sha256() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  crypto_hash_sha256_init(&state_);
}

void Sha256::update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256::finish() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, out);
  static const char* hex = "0123456789abcdef";
  std::string digest = "sha256:";
  for (unsigned char b : out) {
    digest += hex[b >> 4];
    digest += hex[b & 15];
  }
  return digest;
}

std::string sha256_digest(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.finish();
}

bool is_sha256_digest(const std::string& digest) {
  if (digest.size() != 71 || !digest.starts_with("sha256:")) return false;
  for (size_t i = 7; i < digest.size(); ++i) {
    const char c = digest[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace stackctl::registry
