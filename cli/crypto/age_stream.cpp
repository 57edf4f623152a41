#include "crypto/age_stream.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "crypto/age.hpp"

namespace stackctl::crypto::age::detail {
namespace {

constexpr std::size_t kSealedChunkSize = kChunkSize + kTagSize;

std::array<unsigned char, kNonceSize> chunk_nonce(std::uint64_t counter, bool last) {
  std::array<unsigned char, kNonceSize> nonce{};  // the counter's top 3 of 11 bytes stay zero
  for (std::size_t i = 0; i < 8; ++i) nonce[10 - i] = static_cast<unsigned char>(counter >> (8 * i));
  nonce[11] = last ? 0x01 : 0x00;
  return nonce;
}

void payload_key(std::span<const unsigned char, kFileKeySize> file_key, std::span<const unsigned char> nonce,
                 Key& key) {
  hkdf_sha256(file_key, nonce, "payload", key.span());
}

[[noreturn]] void tampered(const std::string& what) { throw Error(Error::Kind::payload, "age payload: " + what); }

}  // namespace

void encrypt_payload(std::span<const unsigned char, kFileKeySize> file_key, std::span<const unsigned char> plaintext,
                     std::string& out) {
  std::array<unsigned char, kPayloadNonceSize> nonce{};
  random_bytes(nonce);
  Key key;
  payload_key(file_key, nonce, key);

  // An empty plaintext is one empty final chunk; otherwise the final chunk
  // holds 1 to 64 KiB.
  std::size_t chunks = plaintext.empty() ? 1 : (plaintext.size() + kChunkSize - 1) / kChunkSize;
  std::size_t start = out.size();
  out.resize(start + nonce.size() + plaintext.size() + chunks * kTagSize);
  auto* at = reinterpret_cast<unsigned char*>(out.data()) + start;
  at = std::copy(nonce.begin(), nonce.end(), at);
  for (std::size_t i = 0; i < chunks; ++i) {
    auto chunk = plaintext.subspan(i * kChunkSize, std::min(kChunkSize, plaintext.size() - i * kChunkSize));
    aead_seal(key.span(), chunk_nonce(i, i + 1 == chunks), chunk, at);
    at += chunk.size() + kTagSize;
  }
}

std::vector<unsigned char> decrypt_payload(std::span<const unsigned char, kFileKeySize> file_key,
                                           std::string_view payload) {
  if (payload.size() < kPayloadNonceSize) tampered("truncated: the file ends inside the payload nonce");
  auto nonce = bytes_of(payload.substr(0, kPayloadNonceSize));
  auto sealed = bytes_of(payload.substr(kPayloadNonceSize));
  if (sealed.size() < kTagSize) tampered("truncated: the file ends before the final chunk");
  Key key;
  payload_key(file_key, nonce, key);

  // Every chunk but the last is exactly full; the last one is whatever is
  // left, up to a full chunk. A truncation at a chunk boundary makes a
  // non-final chunk the last one, which then fails to authenticate.
  std::size_t chunks = (sealed.size() + kSealedChunkSize - 1) / kSealedChunkSize;
  std::size_t last_size = sealed.size() - (chunks - 1) * kSealedChunkSize;
  if (last_size < kTagSize) tampered("truncated: the final chunk is shorter than its tag");
  if (last_size == kTagSize && chunks > 1) tampered("the final chunk is empty, which only an empty file may have");

  std::vector<unsigned char> plaintext(sealed.size() - chunks * kTagSize);
  for (std::size_t i = 0; i < chunks; ++i) {
    bool last = i + 1 == chunks;
    auto chunk = sealed.subspan(i * kSealedChunkSize, last ? last_size : kSealedChunkSize);
    if (!aead_open(key.span(), chunk_nonce(i, last), chunk, plaintext.data() + i * kChunkSize)) {
      wipe(plaintext.data(), plaintext.size());
      tampered("chunk " + std::to_string(i + 1) + " of " + std::to_string(chunks) +
               " failed to authenticate (the file was modified, truncated or extended)");
    }
  }
  return plaintext;
}

}  // namespace stackctl::crypto::age::detail
