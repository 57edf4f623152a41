#include "crypto/age_crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace stackctl::crypto::age::detail {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

void wipe(void* data, std::size_t size) {
  if (size != 0) sodium_memzero(data, size);
}

void random_bytes(std::span<unsigned char> out) {
  ensure_sodium();
  randombytes_buf(out.data(), out.size());
}

void hmac_sha256(std::span<const unsigned char> key, std::span<const unsigned char> message,
                 std::span<unsigned char, kKeySize> out) {
  static_assert(crypto_auth_hmacsha256_BYTES == kKeySize);
  ensure_sodium();
  static const unsigned char kEmpty = 0;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.empty() ? &kEmpty : key.data(), key.size());
  if (!message.empty()) crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  wipe(&state, sizeof state);
}

void hkdf_sha256(std::span<const unsigned char> ikm, std::span<const unsigned char> salt, std::string_view info,
                 std::span<unsigned char, kKeySize> out) {
  // Extract: PRK = HMAC(salt, IKM). An empty salt is the same HMAC key as
  // RFC 5869's default of HashLen zero bytes.
  Key prk;
  hmac_sha256(salt, ikm, prk.span());
  // Expand, one block: T(1) = HMAC(PRK, info || 0x01).
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, prk.data(), prk.size());
  auto info_bytes = bytes_of(info);
  if (!info_bytes.empty()) crypto_auth_hmacsha256_update(&state, info_bytes.data(), info_bytes.size());
  const unsigned char counter = 1;
  crypto_auth_hmacsha256_update(&state, &counter, 1);
  crypto_auth_hmacsha256_final(&state, out.data());
  wipe(&state, sizeof state);
}

void x25519_base(std::span<const unsigned char, kKeySize> scalar, std::span<unsigned char, kKeySize> out) {
  static_assert(crypto_scalarmult_BYTES == kKeySize && crypto_scalarmult_SCALARBYTES == kKeySize);
  ensure_sodium();
  if (crypto_scalarmult_base(out.data(), scalar.data()) != 0) {
    throw std::runtime_error("X25519 base point multiplication failed");
  }
}

bool x25519(std::span<const unsigned char, kKeySize> scalar, std::span<const unsigned char, kKeySize> point,
            std::span<unsigned char, kKeySize> out) {
  ensure_sodium();
  // libsodium refuses low-order points and all-zero results with -1.
  if (crypto_scalarmult(out.data(), scalar.data(), point.data()) != 0) {
    wipe(out.data(), out.size());
    return false;
  }
  static const unsigned char kZero[kKeySize] = {};
  return sodium_memcmp(out.data(), kZero, kKeySize) != 0;
}

void aead_seal(std::span<const unsigned char, kKeySize> key, std::span<const unsigned char, kNonceSize> nonce,
               std::span<const unsigned char> plaintext, unsigned char* out) {
  static_assert(crypto_aead_chacha20poly1305_ietf_KEYBYTES == kKeySize);
  static_assert(crypto_aead_chacha20poly1305_ietf_NPUBBYTES == kNonceSize);
  static_assert(crypto_aead_chacha20poly1305_ietf_ABYTES == kTagSize);
  ensure_sodium();
  static const unsigned char kEmpty = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out, nullptr, plaintext.empty() ? &kEmpty : plaintext.data(),
                                            plaintext.size(), nullptr, 0, nullptr, nonce.data(), key.data());
}

bool aead_open(std::span<const unsigned char, kKeySize> key, std::span<const unsigned char, kNonceSize> nonce,
               std::span<const unsigned char> ciphertext, unsigned char* out) {
  ensure_sodium();
  if (ciphertext.size() < kTagSize) return false;
  unsigned char unused = 0;  // an empty plaintext still needs somewhere to go
  if (out == nullptr) out = &unused;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(out, nullptr, nullptr, ciphertext.data(), ciphertext.size(), nullptr, 0,
                                                nonce.data(), key.data()) != 0) {
    wipe(out, ciphertext.size() - kTagSize);
    return false;
  }
  return true;
}

}  // namespace stackctl::crypto::age::detail
