// An opened secrets file: the data key in memory, values encrypted and
// decrypted one by one.
//
// Each value is sealed with XChaCha20-Poly1305 under the file's random
// 256-bit data key, with the environment and the secret's name as
// associated data (a value moved to another name or file fails to open).
// The data key itself is an age file encrypted to every recipient. A keyed
// BLAKE2b mac over the environment, the recipients, the data key and every
// name and token detects any edit made without the key.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "crypto/age.hpp"
#include "secrets/secrets_file.hpp"

namespace stackctl::secrets {

class Vault {
 public:
  /// A new, empty file for `environment`, encrypted to `recipients`.
  static Vault create(const std::string& environment, std::vector<RecipientEntry> recipients);
  /// Decrypts the data key with one of `identities` and checks the mac.
  /// Throws std::runtime_error naming the environment and the key ids on a
  /// wrong key, and refusing a tampered file.
  static Vault open(SecretsFile file, const std::vector<crypto::age::Identity>& identities);

  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;
  Vault(Vault&& other) noexcept;
  ~Vault();

  /// The file to write, with its mac.
  const SecretsFile& file() const { return file_; }
  std::vector<std::string> names() const;
  bool contains(const std::string& name) const { return file_.find(name) != nullptr; }
  std::string get(const std::string& name) const;
  std::map<std::string, std::string> reveal() const;

  /// An unchanged value keeps its token, so the diff shows only real changes.
  void set(const std::string& name, const std::string& value);
  bool remove(const std::string& name);
  /// Re-encrypts the data key to `recipients` (the values stay as they are).
  void set_recipients(std::vector<RecipientEntry> recipients);
  /// A fresh data key; every value is re-encrypted under it.
  void new_data_key();

 private:
  Vault() = default;
  std::string seal(const std::string& name, const std::string& value) const;
  std::string open_token(const std::string& name, const std::string& token) const;
  std::string compute_mac() const;
  void encrypt_data_key();

  SecretsFile file_;
  std::array<unsigned char, 32> key_{};
};

/// "alice=age1..." or "age1...": a recipient as given on the command line.
/// Throws std::runtime_error on a malformed key.
RecipientEntry parse_recipient_argument(const std::string& text);

}  // namespace stackctl::secrets
