#include "secrets/vault.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace stackctl::secrets {

namespace {

constexpr const char* token_prefix = "ENC[xchacha20poly1305,nonce:";

std::string base64(const unsigned char* data, size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool unbase64(const std::string& text, std::vector<unsigned char>& out) {
  out.assign(text.size(), 0);
  size_t size = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(size);
  return true;
}

std::string associated_data(const std::string& environment, const std::string& name) {
  return std::string("stackctl/v1/secret") + '\0' + environment + '\0' + name;
}

void init_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string describe_recipients(const std::vector<RecipientEntry>& recipients) {
  std::string out;
  for (const auto& r : recipients) {
    if (!out.empty()) out += ", ";
    out += r.name.empty() ? r.key : r.name + " (" + r.key + ")";
  }
  return out;
}

}  // namespace

Vault::Vault(Vault&& other) noexcept : file_(std::move(other.file_)), key_(other.key_) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

Vault::~Vault() { sodium_memzero(key_.data(), key_.size()); }

Vault Vault::create(const std::string& environment, std::vector<RecipientEntry> recipients) {
  init_sodium();
  if (recipients.empty()) throw std::runtime_error("a secrets file needs at least one recipient");
  Vault vault;
  vault.file_.environment = environment;
  vault.file_.recipients = std::move(recipients);
  randombytes_buf(vault.key_.data(), vault.key_.size());
  vault.encrypt_data_key();
  vault.file_.mac = vault.compute_mac();
  return vault;
}

Vault Vault::open(SecretsFile file, const std::vector<crypto::age::Identity>& identities) {
  init_sodium();
  const auto where =
      "the secrets of environment " + file.environment + " (" + secrets_file_name(file.environment) + ")";
  std::vector<unsigned char> key;
  try {
    key = crypto::age::decrypt(file.data_key, identities);
  } catch (const crypto::age::Error& e) {
    if (e.kind() == crypto::age::Error::Kind::no_identity_matched) {
      std::string mine;
      for (const auto& id : identities) mine += (mine.empty() ? "" : ", ") + id.recipient().to_string();
      throw std::runtime_error("cannot decrypt " + where + ": your key " + mine +
                               " is not one of its recipients: " + describe_recipients(file.recipients) +
                               ". Ask a recipient to run `stackctl secrets rotate " + file.environment +
                               " --add-recipient NAME=YOUR_KEY`");
    }
    throw std::runtime_error("cannot decrypt " + where + ": its data_key is damaged (" + e.what() +
                             "); restore the file from version control");
  }
  if (key.size() != 32) throw std::runtime_error("cannot decrypt " + where + ": the data key has the wrong size");
  Vault vault;
  vault.file_ = std::move(file);
  std::copy(key.begin(), key.end(), vault.key_.begin());
  sodium_memzero(key.data(), key.size());
  auto expected = vault.compute_mac();
  if (sodium_memcmp(expected.data(), vault.file_.mac.data(), std::min(expected.size(), vault.file_.mac.size())) != 0 ||
      expected.size() != vault.file_.mac.size())
    throw std::runtime_error("refusing " + where +
                             ": its mac does not match, so it was changed without the key (a name, value or "
                             "recipient edited by hand, or tampering); restore it from version control");
  return vault;
}

std::vector<std::string> Vault::names() const {
  std::vector<std::string> out;
  for (const auto& s : file_.secrets) out.push_back(s.name);
  return out;
}

std::string Vault::seal(const std::string& name, const std::string& value) const {
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  randombytes_buf(nonce, sizeof nonce);
  auto ad = associated_data(file_.environment, name);
  std::vector<unsigned char> sealed(value.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      sealed.data(), &sealed_size, reinterpret_cast<const unsigned char*>(value.data()), value.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce, key_.data());
  return token_prefix + base64(nonce, sizeof nonce) + ",data:" + base64(sealed.data(), sealed_size) + "]";
}

std::string Vault::open_token(const std::string& name, const std::string& token) const {
  auto fail = [&] {
    return std::runtime_error("secret " + name + " of environment " + file_.environment +
                              " cannot be decrypted: its value was damaged or moved from another name");
  };
  auto data_at = token.find(",data:");
  if (token.rfind(token_prefix, 0) != 0 || data_at == std::string::npos || token.back() != ']') throw fail();
  std::vector<unsigned char> nonce, sealed;
  size_t nonce_at = std::strlen(token_prefix);
  if (!unbase64(token.substr(nonce_at, data_at - nonce_at), nonce) ||
      !unbase64(token.substr(data_at + 6, token.size() - data_at - 7), sealed) ||
      nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      sealed.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
    throw fail();
  auto ad = associated_data(file_.environment, name);
  std::string value(sealed.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(value.data()), &size, nullptr, sealed.data(), sealed.size(),
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce.data(), key_.data()) != 0)
    throw fail();
  value.resize(size);
  return value;
}

std::string Vault::get(const std::string& name) const {
  const auto* entry = file_.find(name);
  if (!entry)
    throw std::runtime_error("environment " + file_.environment + " has no secret " + name + " (" +
                             secrets_file_name(file_.environment) + ")");
  return open_token(name, entry->token);
}

std::map<std::string, std::string> Vault::reveal() const {
  std::map<std::string, std::string> out;
  for (const auto& s : file_.secrets) out[s.name] = open_token(s.name, s.token);
  return out;
}

void Vault::set(const std::string& name, const std::string& value) {
  for (auto& s : file_.secrets) {
    if (s.name != name) continue;
    std::string old = open_token(name, s.token);
    bool same = old.size() == value.size() && sodium_memcmp(old.data(), value.data(), old.size()) == 0;
    sodium_memzero(old.data(), old.size());
    if (!same) s.token = seal(name, value);
    file_.mac = compute_mac();
    return;
  }
  file_.secrets.push_back({name, seal(name, value), {}});
  std::sort(file_.secrets.begin(), file_.secrets.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  file_.mac = compute_mac();
}

bool Vault::remove(const std::string& name) {
  auto it = std::find_if(file_.secrets.begin(), file_.secrets.end(), [&](const auto& s) { return s.name == name; });
  if (it == file_.secrets.end()) return false;
  file_.secrets.erase(it);
  file_.mac = compute_mac();
  return true;
}

void Vault::encrypt_data_key() {
  std::vector<crypto::age::Recipient> keys;
  for (const auto& r : file_.recipients) {
    std::string error;
    auto parsed = crypto::age::parse_recipient(r.key, &error);
    if (!parsed) throw std::runtime_error("recipient " + (r.name.empty() ? r.key : r.name) + ": " + error);
    keys.push_back(*parsed);
  }
  file_.data_key = crypto::age::encrypt(key_, keys, true);
  // The YAML block scalar it is stored in ends in exactly one newline.
  while (!file_.data_key.empty() && file_.data_key.back() == '\n') file_.data_key.pop_back();
  file_.data_key += '\n';
}

void Vault::set_recipients(std::vector<RecipientEntry> recipients) {
  if (recipients.empty()) throw std::runtime_error("a secrets file needs at least one recipient");
  file_.recipients = std::move(recipients);
  encrypt_data_key();
  file_.mac = compute_mac();
}

void Vault::new_data_key() {
  auto values = reveal();
  randombytes_buf(key_.data(), key_.size());
  for (auto& s : file_.secrets) s.token = seal(s.name, values[s.name]);
  for (auto& [name, value] : values) sodium_memzero(value.data(), value.size());
  encrypt_data_key();
  file_.mac = compute_mac();
}

std::string Vault::compute_mac() const {
  unsigned char mac_key[32];
  static const char context[] = "stackctl/v1/secrets-file-mac";
  crypto_generichash(mac_key, sizeof mac_key, reinterpret_cast<const unsigned char*>(context), sizeof context - 1,
                     key_.data(), key_.size());
  std::string text = "stackctl-secrets v1\nenvironment " + file_.environment + "\n";
  for (const auto& r : file_.recipients) text += "recipient " + r.name + " " + r.key + "\n";
  text += "data_key " + file_.data_key + "\n";
  for (const auto& s : file_.secrets) text += "secret " + s.name + " " + s.token + "\n";
  unsigned char mac[32];
  crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac_key,
                     sizeof mac_key);
  sodium_memzero(mac_key, sizeof mac_key);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

RecipientEntry parse_recipient_argument(const std::string& text) {
  RecipientEntry entry;
  auto eq = text.find('=');
  entry.key = eq == std::string::npos ? text : text.substr(eq + 1);
  if (eq != std::string::npos) entry.name = text.substr(0, eq);
  std::string error;
  if (!crypto::age::parse_recipient(entry.key, &error))
    throw std::runtime_error("recipient " + std::string(text.substr(0, 80)) + ": " + error);
  return entry;
}

}  // namespace stackctl::secrets
