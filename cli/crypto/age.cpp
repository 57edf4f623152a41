// age encryption and decryption: the file key, the X25519 recipient stanzas
// and the header MAC. The layout lives in age_format, the payload in
// age_stream, the key strings in age_keys.
#include "crypto/age.hpp"

#include <sodium.h>

#include <algorithm>

#include "crypto/age_base64.hpp"
#include "crypto/age_crypto.hpp"
#include "crypto/age_format.hpp"
#include "crypto/age_stream.hpp"

namespace stackctl::crypto::age {
namespace {

using detail::Key;
using detail::kKeySize;
using FileKey = detail::SecretBytes<detail::kFileKeySize>;

constexpr std::string_view kX25519Type = "X25519";
constexpr std::string_view kX25519Info = "age-encryption.org/v1/X25519";
constexpr std::array<unsigned char, detail::kNonceSize> kZeroNonce{};

// An X25519 stanza whose arguments and body have the right shape.
struct X25519Stanza {
  std::array<unsigned char, kKeySize> share{};
  std::array<unsigned char, detail::kFileKeySize + detail::kTagSize> body{};
};

// wrap key = HKDF-SHA-256(ikm = shared secret, salt = ephemeral share || recipient, info)
void derive_wrap_key(const Key& shared, std::span<const unsigned char, kKeySize> share,
                     std::span<const unsigned char, kKeySize> recipient, Key& wrap_key) {
  std::array<unsigned char, 2 * kKeySize> salt{};
  std::copy(share.begin(), share.end(), salt.begin());
  std::copy(recipient.begin(), recipient.end(), salt.begin() + kKeySize);
  detail::hkdf_sha256(shared.span(), salt, kX25519Info, wrap_key.span());
}

void header_mac(const FileKey& file_key, std::string_view header, std::span<unsigned char, kKeySize> mac) {
  Key mac_key;
  detail::hkdf_sha256(file_key.span(), {}, "header", mac_key.span());
  detail::hmac_sha256(mac_key.span(), detail::bytes_of(header), mac);
}

detail::Stanza wrap_x25519(const FileKey& file_key, const Recipient& recipient) {
  Key ephemeral;
  detail::random_bytes(ephemeral.span());
  std::array<unsigned char, kKeySize> share{};
  detail::x25519_base(ephemeral.span(), share);
  Key shared;
  if (!detail::x25519(ephemeral.span(), recipient.public_key, shared.span())) {
    throw std::invalid_argument("age: recipient " + recipient.to_string() +
                                " is a low-order point: no shared secret can be agreed with it");
  }
  Key wrap_key;
  derive_wrap_key(shared, share, recipient.public_key, wrap_key);
  detail::Stanza stanza;
  stanza.args = {std::string(kX25519Type), detail::base64_encode(share, /*padded=*/false)};
  stanza.body.resize(detail::kFileKeySize + detail::kTagSize);
  detail::aead_seal(wrap_key.span(), kZeroNonce, file_key.span(), stanza.body.data());
  return stanza;
}

// Checks an X25519 stanza's shape, as the spec requires before any attempt
// to open it (the body length check guards against partitioning oracles).
X25519Stanza check_x25519(const detail::Stanza& stanza, std::size_t index) {
  std::string where = "age header: X25519 stanza " + std::to_string(index + 1) + ": ";
  if (stanza.args.size() != 2) throw Error(Error::Kind::malformed, where + "wants exactly one argument");
  auto share = detail::base64_decode(stanza.args[1], /*padded=*/false);
  if (!share || share->size() != kKeySize) {
    throw Error(Error::Kind::malformed, where + "the ephemeral share is not 32 bytes of canonical base64");
  }
  X25519Stanza x;
  if (stanza.body.size() != x.body.size()) {
    throw Error(Error::Kind::malformed, where + "the body is " + std::to_string(stanza.body.size()) + " bytes, want " +
                                            std::to_string(x.body.size()));
  }
  std::copy(share->begin(), share->end(), x.share.begin());
  std::copy(stanza.body.begin(), stanza.body.end(), x.body.begin());
  return x;
}

bool unwrap_x25519(const X25519Stanza& stanza, const Identity& identity, FileKey& file_key) {
  Key shared;
  if (!detail::x25519(identity.secret_key, stanza.share, shared.span())) {
    throw Error(Error::Kind::malformed, "age header: an X25519 stanza has a low-order ephemeral share");
  }
  Key wrap_key;
  derive_wrap_key(shared, stanza.share, identity.recipient().public_key, wrap_key);
  return detail::aead_open(wrap_key.span(), kZeroNonce, stanza.body, file_key.data());
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string no_match_message(std::size_t x25519_stanzas, const std::vector<std::string>& other_types,
                             std::size_t identities) {
  std::string message = "no identity matched: the file has " +
                        plural(x25519_stanzas, "X25519 recipient stanza", "X25519 recipient stanzas") + " and " +
                        plural(identities, "identity was", "identities were") + " tried";
  if (std::find(other_types.begin(), other_types.end(), "scrypt") != other_types.end()) {
    message += "; the file is passphrase-encrypted (scrypt), which is not supported";
  } else if (!other_types.empty()) {
    message += "; its other stanzas (";
    for (std::size_t i = 0; i < other_types.size(); ++i) message += (i ? ", " : "") + other_types[i].substr(0, 40);
    message += ") are of unsupported types";
  }
  return message;
}

}  // namespace

Error::Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

std::string_view kind_name(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::no_identity_matched:
      return "no_identity_matched";
    case Error::Kind::malformed:
      return "malformed";
    case Error::Kind::header_mac:
      return "header_mac";
    case Error::Kind::payload:
      return "payload";
  }
  return "unknown";
}

std::string encrypt(std::span<const unsigned char> plaintext, const std::vector<Recipient>& recipients, bool armor) {
  if (recipients.empty()) throw std::invalid_argument("age: encrypting needs at least one recipient");
  FileKey file_key;
  detail::random_bytes(file_key.span());
  std::vector<detail::Stanza> stanzas;
  stanzas.reserve(recipients.size());
  for (const Recipient& recipient : recipients) stanzas.push_back(wrap_x25519(file_key, recipient));

  std::string file = detail::format_header_without_mac(stanzas);
  std::array<unsigned char, kKeySize> mac{};
  header_mac(file_key, file, mac);
  file += detail::format_mac_line(mac);
  detail::encrypt_payload(file_key.span(), plaintext, file);
  return armor ? detail::armor(file) : file;
}

std::string encrypt(std::string_view plaintext, const std::vector<Recipient>& recipients, bool armor) {
  return encrypt(detail::bytes_of(plaintext), recipients, armor);
}

std::vector<unsigned char> decrypt(std::string_view input, const std::vector<Identity>& identities) {
  std::string dearmored;
  std::string_view file = input;
  if (detail::looks_armored(input)) {
    dearmored = detail::dearmor(input);
    file = dearmored;
  }
  detail::Header header = detail::parse_header(file);

  std::vector<X25519Stanza> x25519_stanzas;
  std::vector<std::string> other_types;
  for (std::size_t i = 0; i < header.stanzas.size(); ++i) {
    const detail::Stanza& stanza = header.stanzas[i];
    if (stanza.args[0] == kX25519Type) {
      x25519_stanzas.push_back(check_x25519(stanza, i));
    } else {
      other_types.push_back(stanza.args[0]);
    }
  }

  FileKey file_key;
  bool opened = false;
  for (const Identity& identity : identities) {
    for (const X25519Stanza& stanza : x25519_stanzas) {
      if ((opened = unwrap_x25519(stanza, identity, file_key))) break;
    }
    if (opened) break;
  }
  if (!opened) {
    throw Error(Error::Kind::no_identity_matched,
                no_match_message(x25519_stanzas.size(), other_types, identities.size()));
  }

  std::array<unsigned char, kKeySize> mac{};
  header_mac(file_key, file.substr(0, header.mac_input_size), mac);
  if (crypto_verify_32(mac.data(), header.mac.data()) != 0) {
    throw Error(Error::Kind::header_mac, "age header MAC mismatch: the file header was tampered with");
  }
  return detail::decrypt_payload(file_key.span(), file.substr(header.payload_offset));
}

}  // namespace stackctl::crypto::age
