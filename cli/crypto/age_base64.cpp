#include "crypto/age_base64.hpp"

#include <sodium.h>

#include "crypto/age_crypto.hpp"

namespace stackctl::crypto::age::detail {
namespace {

int variant(bool padded) { return padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING; }

}  // namespace

std::string base64_encode(std::span<const unsigned char> data, bool padded) {
  ensure_sodium();
  static const unsigned char kEmpty = 0;
  std::string out(sodium_base64_ENCODED_LEN(data.size(), variant(padded)), '\0');  // with the terminating NUL
  sodium_bin2base64(out.data(), out.size(), data.empty() ? &kEmpty : data.data(), data.size(), variant(padded));
  out.pop_back();
  return out;
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, bool padded) {
  ensure_sodium();
  if (text.empty()) return std::vector<unsigned char>{};
  std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  // libsodium stops at the first character it cannot use (end tells where),
  // and fails on leftover bits that are not zero.
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end, variant(padded)) !=
          0 ||
      end != text.data() + text.size()) {
    wipe(out.data(), out.size());
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace stackctl::crypto::age::detail
