// age key strings and identity files: the specification's and age-keygen's
// keys, round trips, and every kind of bad key refused with its reason.
#include <doctest/doctest.h>

#include <cctype>
#include <stdexcept>

#include "age_test_util.hpp"
#include "crypto/bech32.hpp"

namespace age = stackctl::crypto::age;
namespace bech32 = stackctl::crypto::bech32;

namespace {

// From the age specification (c2sp.org/age, "The X25519 recipient type").
constexpr std::string_view kSpecIdentity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
constexpr std::string_view kSpecRecipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

// Made by age-keygen 1.1.1 (Debian 12); the public key is the one it printed.
constexpr std::string_view kKeygenIdentity =
    "AGE-SECRET-KEY-1Q6NZPLNHZX06VEP9MNVM683QKYK7AS35VAECDDRSZHH3UF5J7KLQK8SP4Q";
constexpr std::string_view kKeygenRecipient = "age1h2upkckg4eka4lnf8y5zanl5xd0zq5eptv85gcax75623c4ejfzqpvz7j9";

std::string recipient_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(age::parse_recipient(text, &error));
  return error;
}

std::string identity_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(age::parse_identity(text, &error));
  return error;
}

}  // namespace

TEST_SUITE_BEGIN("age");

TEST_CASE("age keys: the specification's and age-keygen's identities give their recipients") {
  for (auto [identity, recipient] : {std::pair{kSpecIdentity, kSpecRecipient}, {kKeygenIdentity, kKeygenRecipient}}) {
    std::string error;
    auto id = age::parse_identity(identity, &error);
    REQUIRE_MESSAGE(id, error);
    CHECK(id->to_string() == identity);
    CHECK(id->recipient().to_string() == recipient);
    auto r = age::parse_recipient(recipient, &error);
    REQUIRE_MESSAGE(r, error);
    CHECK(*r == id->recipient());
    CHECK(r->to_string() == recipient);
  }
}

TEST_CASE("age keys: generated identities are fresh and their strings round-trip") {
  age::Identity a = age::generate_identity();
  age::Identity b = age::generate_identity();
  CHECK(a.secret_key != b.secret_key);
  std::string id = a.to_string();
  std::string r = a.recipient().to_string();
  CHECK(id.starts_with("AGE-SECRET-KEY-1"));
  CHECK(id.size() == 74);
  CHECK(r.starts_with("age1"));
  CHECK(r.size() == 62);
  CHECK(age::parse_identity(id, nullptr)->secret_key == a.secret_key);
  CHECK(*age::parse_recipient(r, nullptr) == a.recipient());
}

TEST_CASE("age keys: a bad recipient is refused with the reason, never quoting the key") {
  std::string good(kKeygenRecipient);
  std::string flipped = good;
  flipped[20] = flipped[20] == 'q' ? 'p' : 'q';
  CHECK(recipient_error(flipped) == "not an age recipient: bad checksum");
  CHECK(recipient_error(good.substr(0, good.size() - 1)) == "not an age recipient: bad checksum");

  std::array<unsigned char, 32> key{};
  key[0] = 9;
  CHECK(recipient_error(bech32::encode("agx", key, false)) == "not an age recipient: wrong prefix (want \"age1\")");
  CHECK(recipient_error(kKeygenIdentity).starts_with("not an age recipient: wrong prefix: this is a secret key"));
  CHECK(recipient_error(bech32::encode("age1pq", key, false))
            .starts_with("not an age recipient: unsupported recipient type \"age1pq\""));
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(recipient_error(upper) == "not an age recipient: wrong case: recipients are lower-case (age1...)");
  std::string mixed = good;
  mixed[10] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[10])));
  CHECK(recipient_error(mixed) == "not an age recipient: mixed upper and lower case");
  CHECK(recipient_error(bech32::encode("age", std::span(key).first(31), false)) ==
        "not an age recipient: wrong length: 31 bytes, want 32");
  std::vector<unsigned char> longer(33, 1);
  CHECK(recipient_error(bech32::encode("age", longer, false)) ==
        "not an age recipient: wrong length: 33 bytes, want 32");
  CHECK(recipient_error("") == "not an age recipient: empty");
  CHECK(recipient_error("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5") == "not an age recipient: invalid character");
  CHECK(recipient_error(" " + good) == "not an age recipient: invalid character");
}

TEST_CASE("age keys: a bad identity is refused with the reason, never quoting the key") {
  std::string good(kKeygenIdentity);
  std::string flipped = good;
  flipped[30] = flipped[30] == 'Q' ? 'P' : 'Q';
  std::string error = identity_error(flipped);
  CHECK(error == "not an age identity: bad checksum");
  CHECK(error.find(good.substr(16, 20)) == std::string::npos);
  CHECK(identity_error(kKeygenRecipient).starts_with("not an age identity: wrong prefix: this is a public recipient"));
  std::string lower = good;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(identity_error(lower) == "not an age identity: wrong case: secret keys are upper-case (AGE-SECRET-KEY-1...)");
  std::string mixed = good;
  std::size_t letter = mixed.find_first_of("ACDEFGHJKLMNPQRSTUVWXYZ", 16);
  REQUIRE(letter != std::string::npos);
  mixed[letter] = static_cast<char>(std::tolower(static_cast<unsigned char>(mixed[letter])));
  CHECK(identity_error(mixed) == "not an age identity: mixed upper and lower case");
  std::vector<unsigned char> short_key(16, 7);
  CHECK(identity_error(bech32::encode("age-secret-key-", short_key, true)) ==
        "not an age identity: wrong length: 16 bytes, want 32");
  CHECK(identity_error(bech32::encode("age-secret-key-pq-", std::vector<unsigned char>(32, 1), true)) ==
        "not an age identity: wrong prefix (want \"AGE-SECRET-KEY-1\")");
}

TEST_CASE("age keys: an identity file as age-keygen writes it, with comments, blank lines and CRLF") {
  std::string file = "# created: 2026-11-22T16:55:19Z\n# public key: " + std::string(kKeygenRecipient) + "\n" +
                     std::string(kKeygenIdentity) + "\n\n  # another key\r\n" + std::string(kSpecIdentity) + "\r\n";
  auto ids = age::parse_identity_file(file, "keys.txt");
  REQUIRE(ids.size() == 2);
  CHECK(ids[0].recipient().to_string() == kKeygenRecipient);
  CHECK(ids[1].recipient().to_string() == kSpecRecipient);
}

TEST_CASE("age keys: a bad identity file line is reported as FILE:LINE without the key") {
  std::string bad(kKeygenIdentity);
  bad[30] = bad[30] == 'Q' ? 'P' : 'Q';
  std::string file = "# comment\n" + std::string(kSpecIdentity) + "\n\n" + bad + "\n";
  try {
    age::parse_identity_file(file, "keys.txt");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "keys.txt:4: not an age identity: bad checksum");
  }
  CHECK_THROWS_WITH_AS(age::parse_identity_file("# public key: age1...\n" + std::string(kKeygenRecipient), "k"),
                       "k:2: not an age identity: wrong prefix: this is a public recipient (age1...), not a secret "
                       "key (AGE-SECRET-KEY-1...)",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(age::parse_identity_file("# nothing here\n\n", "empty.txt"),
                       "empty.txt: no age identity (AGE-SECRET-KEY-1...) in the file", std::runtime_error);
}

TEST_SUITE_END();
