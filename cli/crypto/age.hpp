// age (https://age-encryption.org/v1) file encryption with X25519 recipients,
// written from the C2SP specification on top of libsodium alone. Files made
// here open with the `age` tool and the other way round, binary or armored.
//
//   auto id = crypto::age::generate_identity();
//   std::string file = crypto::age::encrypt(bytes, {id.recipient()}, /*armor=*/true);
//   std::vector<unsigned char> back = crypto::age::decrypt(file, {id});
//
// Only the X25519 recipient type is implemented: scrypt (passphrase), the
// post-quantum, plugin and SSH stanzas of other files are skipped, so such a
// file ends in Error::Kind::no_identity_matched. No message or exception
// carries key material or plaintext.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::crypto::age {

/// An X25519 public key: who a file is encrypted to.
struct Recipient {
  std::array<unsigned char, 32> public_key{};

  /// Bech32 with HRP "age", lower-case: "age1...".
  std::string to_string() const;
  bool operator==(const Recipient&) const = default;
};

/// An X25519 secret key. The key is wiped when the object is destroyed.
struct Identity {
  std::array<unsigned char, 32> secret_key{};

  ~Identity();
  Recipient recipient() const;
  /// Bech32 with HRP "AGE-SECRET-KEY-", upper-case: "AGE-SECRET-KEY-1...".
  std::string to_string() const;
};

/// A new identity from the system CSPRNG.
Identity generate_identity();

/// Parsing never throws: on failure it returns nullopt and, when error is not
/// null, sets *error to the reason ("not an age recipient: bad checksum").
/// Reasons never quote the text, which may be a secret key.
std::optional<Recipient> parse_recipient(std::string_view text, std::string* error);
std::optional<Identity> parse_identity(std::string_view text, std::string* error);

/// An identity file as age-keygen writes it: "#" comments, blank lines and one
/// AGE-SECRET-KEY-1... per line. Throws std::runtime_error "FILE:LINE: reason"
/// on a bad line, and "FILE: ..." when there is no identity at all.
std::vector<Identity> parse_identity_file(std::string_view text, const std::string& file_name);

/// Encrypts to every recipient (one X25519 stanza each) with a fresh file key.
/// armor=true gives the PEM-style "-----BEGIN AGE ENCRYPTED FILE-----" text.
/// Throws std::invalid_argument for no recipients or a recipient that is a
/// low-order point (no shared secret can be agreed with it).
std::string encrypt(std::span<const unsigned char> plaintext, const std::vector<Recipient>& recipients, bool armor);
std::string encrypt(std::string_view plaintext, const std::vector<Recipient>& recipients, bool armor);

/// Why decrypt() failed.
class Error : public std::runtime_error {
 public:
  enum class Kind {
    no_identity_matched,  // none of the identities opens any of the file's stanzas
    malformed,            // not an age file: header, stanza, armor or base64 format
    header_mac,           // the header MAC does not match: the header was tampered with
    payload,              // a payload chunk failed to authenticate, is missing or trails: tampered or truncated
  };
  Error(Kind kind, const std::string& message);
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// "no_identity_matched", "malformed", "header_mac" or "payload".
std::string_view kind_name(Error::Kind kind);

/// Decrypts a binary or armored age file with the first identity that opens
/// one of its X25519 stanzas. Throws crypto::age::Error.
std::vector<unsigned char> decrypt(std::string_view input, const std::vector<Identity>& identities);

}  // namespace stackctl::crypto::age
