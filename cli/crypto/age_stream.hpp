// The age payload: a 16-byte nonce, then the plaintext in 64 KiB chunks, each
// sealed with ChaCha20-Poly1305 under HKDF(file key, nonce, "payload") and a
// STREAM nonce (11-byte big-endian chunk counter || 0x01 on the last chunk).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/age_crypto.hpp"

namespace stackctl::crypto::age::detail {

inline constexpr std::size_t kChunkSize = 64 * 1024;
inline constexpr std::size_t kPayloadNonceSize = 16;

/// Appends the payload of plaintext to out.
void encrypt_payload(std::span<const unsigned char, kFileKeySize> file_key, std::span<const unsigned char> plaintext,
                     std::string& out);

/// The plaintext of a whole payload; throws crypto::age::Error{payload} when it is
/// truncated, carries trailing data or any chunk fails to authenticate.
std::vector<unsigned char> decrypt_payload(std::span<const unsigned char, kFileKeySize> file_key,
                                           std::string_view payload);

}  // namespace stackctl::crypto::age::detail
