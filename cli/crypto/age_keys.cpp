// age key strings: recipients ("age1...") and identities
// ("AGE-SECRET-KEY-1..."), and identity files as age-keygen writes them.
#include <algorithm>
#include <stdexcept>

#include "crypto/age.hpp"
#include "crypto/age_crypto.hpp"
#include "crypto/bech32.hpp"

namespace stackctl::crypto::age {
namespace {

constexpr std::string_view kRecipientPrefix = "age";
constexpr std::string_view kIdentityPrefix = "AGE-SECRET-KEY-";

bool reject(std::string* error, std::string_view what, const std::string& reason) {
  if (error != nullptr) *error = std::string(what) + reason;
  return false;
}

std::string lower_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Why a well-formed Bech32 string with prefix hrp is not what was wanted.
std::string wrong_prefix_reason(const std::string& hrp, std::string_view want) {
  std::string lower = lower_case(hrp);
  bool want_recipient = want == kRecipientPrefix;
  if (want_recipient && lower == lower_case(kIdentityPrefix)) {
    return "wrong prefix: this is a secret key (AGE-SECRET-KEY-1...); give its public recipient (age1...)";
  }
  if (!want_recipient && lower == kRecipientPrefix) {
    return "wrong prefix: this is a public recipient (age1...), not a secret key (AGE-SECRET-KEY-1...)";
  }
  if (lower == lower_case(want)) {
    return want_recipient ? "wrong case: recipients are lower-case (age1...)"
                          : "wrong case: secret keys are upper-case (AGE-SECRET-KEY-1...)";
  }
  if (want_recipient && lower.starts_with("age1")) {
    return "unsupported recipient type \"" + lower + "\" (only X25519 recipients, age1..., are supported)";
  }
  return "wrong prefix (want \"" + std::string(want) + "1\")";
}

// The 32 bytes behind a Bech32 string whose prefix is exactly want; reasons
// start with what ("not an age recipient: ") and never quote the key.
bool decode_key(std::string_view text, std::string_view want, std::string_view what, std::string* error,
                std::array<unsigned char, 32>& key) {
  std::string reason;
  auto decoded = crypto::bech32::decode(text, &reason);
  if (!decoded) return reject(error, what, reason);
  std::size_t size = decoded->data.size();
  bool ok = decoded->hrp == want && size == key.size();
  if (ok) std::copy(decoded->data.begin(), decoded->data.end(), key.begin());
  detail::wipe(decoded->data.data(), size);
  if (decoded->hrp != want) return reject(error, what, wrong_prefix_reason(decoded->hrp, want));
  if (!ok) return reject(error, what, "wrong length: " + std::to_string(size) + " bytes, want 32");
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Recipient::to_string() const { return crypto::bech32::encode(kRecipientPrefix, public_key, /*upper=*/false); }

Identity::~Identity() { detail::wipe(secret_key.data(), secret_key.size()); }

Recipient Identity::recipient() const {
  Recipient r;
  detail::x25519_base(secret_key, r.public_key);
  return r;
}

std::string Identity::to_string() const {
  // Bech32 is computed over the lower-case prefix and upper-cased after.
  return crypto::bech32::encode("age-secret-key-", secret_key, /*upper=*/true);
}

Identity generate_identity() {
  Identity id;
  detail::random_bytes(id.secret_key);
  return id;
}

std::optional<Recipient> parse_recipient(std::string_view text, std::string* error) {
  Recipient r;
  if (!decode_key(text, kRecipientPrefix, "not an age recipient: ", error, r.public_key)) return std::nullopt;
  return r;
}

std::optional<Identity> parse_identity(std::string_view text, std::string* error) {
  Identity id;
  if (!decode_key(text, kIdentityPrefix, "not an age identity: ", error, id.secret_key)) return std::nullopt;
  return id;
}

std::vector<Identity> parse_identity_file(std::string_view text, const std::string& file_name) {
  std::vector<Identity> identities;
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t newline = text.find('\n', pos);
    std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++number;
    if (line.empty() || line.starts_with('#')) continue;
    std::string error;
    auto id = parse_identity(line, &error);
    if (!id) throw std::runtime_error(file_name + ":" + std::to_string(number) + ": " + error);
    identities.push_back(std::move(*id));
  }
  if (identities.empty()) {
    throw std::runtime_error(file_name + ": no age identity (AGE-SECRET-KEY-1...) in the file");
  }
  return identities;
}

}  // namespace stackctl::crypto::age
