// The primitives age is built from, over libsodium: one-time initialisation,
// wiped key buffers, HMAC-SHA-256 and HKDF-SHA-256 (libsodium 1.0.18 has no
// crypto_kdf_hkdf), X25519 and the ChaCha20-Poly1305 (IETF) AEAD.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace stackctl::crypto::age::detail {

inline constexpr std::size_t kFileKeySize = 16;
inline constexpr std::size_t kKeySize = 32;  // X25519 keys, HKDF outputs, HMACs
inline constexpr std::size_t kTagSize = 16;  // Poly1305
inline constexpr std::size_t kNonceSize = 12;

/// Calls sodium_init() once; throws std::runtime_error when libsodium cannot start.
void ensure_sodium();

/// sodium_memzero.
void wipe(void* data, std::size_t size);

/// Fills with CSPRNG output.
void random_bytes(std::span<unsigned char> out);

/// Fixed-size key material, wiped on destruction; not copyable.
template <std::size_t N>
class SecretBytes {
 public:
  SecretBytes() = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { wipe(bytes_.data(), N); }

  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }
  static constexpr std::size_t size() { return N; }
  std::span<unsigned char, N> span() { return bytes_; }
  std::span<const unsigned char, N> span() const { return bytes_; }

 private:
  std::array<unsigned char, N> bytes_{};
};

using Key = SecretBytes<kKeySize>;

/// HMAC-SHA-256 (RFC 2104) of message under key.
void hmac_sha256(std::span<const unsigned char> key, std::span<const unsigned char> message,
                 std::span<unsigned char, kKeySize> out);

/// HKDF-SHA-256 (RFC 5869): Extract with salt, then Expand with info to the
/// 32 bytes age always asks for.
void hkdf_sha256(std::span<const unsigned char> ikm, std::span<const unsigned char> salt, std::string_view info,
                 std::span<unsigned char, kKeySize> out);

/// X25519(scalar, basepoint).
void x25519_base(std::span<const unsigned char, kKeySize> scalar, std::span<unsigned char, kKeySize> out);

/// X25519(scalar, point); false when the result is all zeros (a low-order point).
[[nodiscard]] bool x25519(std::span<const unsigned char, kKeySize> scalar,
                          std::span<const unsigned char, kKeySize> point, std::span<unsigned char, kKeySize> out);

/// ChaCha20-Poly1305 (RFC 7539) without additional data: out is
/// plaintext.size() + kTagSize bytes.
void aead_seal(std::span<const unsigned char, kKeySize> key, std::span<const unsigned char, kNonceSize> nonce,
               std::span<const unsigned char> plaintext, unsigned char* out);

/// The inverse of aead_seal(): out is ciphertext.size() - kTagSize bytes; false
/// when the ciphertext does not authenticate (out is then zeroed).
[[nodiscard]] bool aead_open(std::span<const unsigned char, kKeySize> key,
                             std::span<const unsigned char, kNonceSize> nonce,
                             std::span<const unsigned char> ciphertext, unsigned char* out);

/// Reads a string's bytes as unsigned char.
inline std::span<const unsigned char> bytes_of(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace stackctl::crypto::age::detail
