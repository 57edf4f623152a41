// sha256 digests in the registry's form ("sha256:<64 hex>") with libsodium,
// in one call or fed piece by piece.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <sodium.h>

namespace stackctl::registry {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  /// "sha256:..." of everything fed; call once.
  std::string finish();

 private:
  crypto_hash_sha256_state state_;
};

std::string sha256_digest(std::string_view bytes);

/// True for "sha256:" followed by 64 lowercase hex digits.
bool is_sha256_digest(const std::string& digest);

}  // namespace stackctl::registry
