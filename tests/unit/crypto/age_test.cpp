// age encryption round trips (sizes around the 64 KiB chunk, binary and
// armored), several recipients, the shape of what encrypt() writes, the armor
// rules, and files made by the real age tool (known answers).
#include <doctest/doctest.h>

#include <stdexcept>

#include "age_test_util.hpp"
#include "crypto/age_base64.hpp"
#include "crypto/age_stream.hpp"

namespace age = stackctl::crypto::age;
using stackctl::testing::age_helpers::bytes;
using stackctl::testing::age_helpers::decrypt_error;
using stackctl::testing::age_helpers::pattern;
using stackctl::testing::age_helpers::text;
using Kind = age::Error::Kind;

namespace {

// Made with age 1.1.1 (Debian 12): two age-keygen identities and files
// encrypted to them with `age [-a] -r ...`.
constexpr std::string_view kIdentity1 = "AGE-SECRET-KEY-1Q6NZPLNHZX06VEP9MNVM683QKYK7AS35VAECDDRSZHH3UF5J7KLQK8SP4Q";
constexpr std::string_view kIdentity2 = "AGE-SECRET-KEY-1MPA9GU9ZDFZ26X7ZT2KGWZR2Y78PD5KAPLG42C39GPRL2MAQ35HQ44YAEH";

// printf 'stackctl known-answer test: the quick brown fox\n' | age -a -r RECIPIENT1
constexpr std::string_view kArmoredToIdentity1 = R"(-----BEGIN AGE ENCRYPTED FILE-----
YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSByUmlRVit0cll0ckNHMlVY
MENxZlNhYXFZVDRvcWR0cUZRdlhMWU5vWHpRCjVZclBsRi9qQjQzYnpoUVpWcVFM
bWZobEFjSVlFYjF3ZW9GZFRRY0IycDAKLS0tIHFYdVVYSkFYUmdMZDRBTVBNbFoz
d3FUaTgyNmpLMVMrTE4yRDgzZUJMUlUKIMN8dV0WkAL1a1t44IBD3qkOf6BZTpUg
NG6Y1CE9GkpEOLVIeYJA+StdAnPd8RA2cvDsYjj6tdQlVh+nE6WUUKztqUHKI+Sw
QbvyBwh1oHg=
-----END AGE ENCRYPTED FILE-----
)";

// printf '' | age -a -r RECIPIENT1 -r RECIPIENT2
constexpr std::string_view kArmoredEmptyToBoth = R"(-----BEGIN AGE ENCRYPTED FILE-----
YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBpUTdtcDRQcFZwZUVZQmZZ
T3FBWjNDMG42SHZrZHpjSFUwTGtlTjd0MEdvCmo5cGsyOW5hU1FjRFF2UWxwUStE
bjh2YjgvU0ZISHZ4K3QwL1FHZTZoV0EKLT4gWDI1NTE5IEhuL1dnOHhDWlU1ZE5z
M1d6b1R6emRreWp2SzBpZTNTcTIrV0NhUkJqMXMKMDlpVzdqaUdkdXhJdDlZSFFD
UmFuTjNPbFVwNlZ6ZWxRdzRtZ01FaldGZwotLS0gd2RtQng5d2VRSlNhb1BZYTIz
clpHL1RlYkFJeFp6TUNRYUJqWGgySmdSWQozlm4iXJqVUkhMX//TXk1mdYCq3kEI
jCWyW5lYfKl1dA==
-----END AGE ENCRYPTED FILE-----
)";

// printf 'binary\0\377' | age -r RECIPIENT1 | base64 -w0 (a binary file)
constexpr std::string_view kBinaryToIdentity1Base64 =
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBHcXJ3ZkVLd0dpK1lkb3pVUzVOciszQUVyZkpVaUJLRDdXSmQ3c1M1RlNFCjJHWDZtVmxQTi"
    "9nbnJ6Q3ZPa3RMSHk5V2IraERTLzI2WkQwaEpRS240dlUKLS0tIG5GblVPZ291bEhucjN6dFpuc1F0eGVMMEhuTU91MTBtVEt3My91SXZORUUKQ2u4"
    "WGujJ3toGhShwZyLJTdwH4EA6QyCZ3TVp+dOLsrHs1M3EtH6PQ==";

age::Identity identity(std::string_view s) {
  std::string error;
  auto id = age::parse_identity(s, &error);
  REQUIRE_MESSAGE(id, error);
  return *id;
}

std::string binary_known_answer() {
  auto decoded = stackctl::crypto::age::detail::base64_decode(kBinaryToIdentity1Base64, true);
  REQUIRE(decoded);
  return text(*decoded);
}

}  // namespace

TEST_SUITE_BEGIN("age");

TEST_CASE("age: round trips of every size around the 64 KiB chunk, binary and armored") {
  age::Identity id = age::generate_identity();
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                           std::size_t{131072}, std::size_t{204800}}) {
    for (bool armor : {false, true}) {
      CAPTURE(size);
      CAPTURE(armor);
      auto plaintext = pattern(size);
      std::string file = age::encrypt(plaintext, {id.recipient()}, armor);
      CHECK(age::decrypt(file, {id}) == plaintext);
      if (!armor) {
        // header, 16-byte nonce, the plaintext and a 16-byte tag per chunk
        // (an empty plaintext is one empty final chunk).
        std::size_t chunks = size == 0 ? 1 : (size + 65535) / 65536;
        std::size_t header = file.find("\n---") + 49;
        CHECK(file.size() == header + 16 + size + 16 * chunks);
      }
    }
  }
}

TEST_CASE("age: encrypt writes the v1 header with one X25519 stanza per recipient") {
  age::Identity a = age::generate_identity();
  age::Identity b = age::generate_identity();
  std::string file = age::encrypt(std::string_view("hi"), {a.recipient(), b.recipient()}, false);
  CHECK(file.starts_with("age-encryption.org/v1\n-> X25519 "));
  std::size_t stanzas = 0;
  for (std::size_t at = file.find("\n-> "); at != std::string::npos; at = file.find("\n-> ", at + 1)) ++stanzas;
  CHECK(stanzas == 2);
  // "-> X25519 " + 43 characters of share, then a 43-character body line.
  std::size_t first = file.find('\n') + 1;
  std::size_t end = file.find('\n', first);
  CHECK(end - first == 10 + 43);
  CHECK(file.find('\n', end + 1) - end - 1 == 43);
  CHECK(file.find("\n--- ") != std::string::npos);
}

TEST_CASE("age: the armor is strict PEM with 64-column lines") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(pattern(1000), {id.recipient()}, true);
  CHECK(file.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
  CHECK(file.ends_with("\n-----END AGE ENCRYPTED FILE-----\n"));
  std::size_t lines = 0;
  std::size_t start = file.find('\n') + 1;
  for (std::size_t end; (end = file.find('\n', start)) != std::string::npos && file[start] != '-'; start = end + 1) {
    CHECK(end - start <= 64);
    ++lines;
  }
  CHECK(lines > 10);
}

TEST_CASE("age: armored input may have surrounding whitespace and CRLF lines, nothing else") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(std::string_view("secret"), {id.recipient()}, true);
  CHECK(text(age::decrypt("\n  \t" + file + "\n\n ", {id})) == "secret");
  std::string crlf;
  for (char c : file) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(text(age::decrypt(crlf, {id})) == "secret");
  CHECK(text(age::decrypt(file.substr(0, file.size() - 1), {id})) == "secret");  // no final newline

  CHECK(decrypt_error("x" + file, {id}) == Kind::malformed);
  CHECK(decrypt_error(file + "x", {id}) == Kind::malformed);
  CHECK(decrypt_error("-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n", {id}) ==
        Kind::malformed);
  std::string no_end = file.substr(0, file.find("-----END"));
  CHECK(decrypt_error(no_end, {id}) == Kind::malformed);
  // A short line before the last one, an over-long line, a blank line.
  std::size_t second_line = file.find('\n') + 1;
  std::string short_line = file;
  short_line.insert(second_line + 60, "\n");
  CHECK(decrypt_error(short_line, {id}) == Kind::malformed);
  std::string joined = file;
  joined.erase(second_line + 64, 1);
  CHECK(decrypt_error(joined, {id}) == Kind::malformed);
  std::string blank = file;
  blank.insert(second_line, "\n");
  CHECK(decrypt_error(blank, {id}) == Kind::malformed);
  std::string wrong_label = file;
  wrong_label.replace(wrong_label.find("AGE ENCRYPTED"), 13, "PGP ENCRYPTED");
  CHECK(decrypt_error(wrong_label, {id}) == Kind::malformed);
}

TEST_CASE("age: several recipients: each identity decrypts, a stranger does not") {
  std::vector<age::Identity> ids = {age::generate_identity(), age::generate_identity(), age::generate_identity()};
  std::vector<age::Recipient> recipients;
  for (const auto& id : ids) recipients.push_back(id.recipient());
  auto plaintext = pattern(70000);
  std::string file = age::encrypt(plaintext, recipients, false);
  for (const auto& id : ids) CHECK(age::decrypt(file, {id}) == plaintext);

  age::Identity stranger = age::generate_identity();
  CHECK(age::decrypt(file, {stranger, ids[2]}) == plaintext);  // the one that matches is found
  std::string message;
  CHECK(decrypt_error(file, {stranger}, &message) == Kind::no_identity_matched);
  CHECK(message == "no identity matched: the file has 3 X25519 recipient stanzas and 1 identity was tried");
  CHECK(decrypt_error(file, {}, &message) == Kind::no_identity_matched);
  CHECK(message == "no identity matched: the file has 3 X25519 recipient stanzas and 0 identities were tried");
}

TEST_CASE("age: encrypt needs a recipient it can agree a secret with") {
  CHECK_THROWS_AS(age::encrypt(std::string_view("x"), {}, false), std::invalid_argument);
  age::Recipient zero;  // the all-zero point has low order: the shared secret would be zero
  CHECK_THROWS_AS(age::encrypt(std::string_view("x"), {zero}, false), std::invalid_argument);
}

TEST_CASE("age: a file made by age -a opens with age-keygen's identity (known answer)") {
  CHECK(text(age::decrypt(kArmoredToIdentity1, {identity(kIdentity1)})) ==
        "stackctl known-answer test: the quick brown fox\n");
  std::string message;
  CHECK(decrypt_error(kArmoredToIdentity1, {identity(kIdentity2)}, &message) == Kind::no_identity_matched);
  CHECK(message == "no identity matched: the file has 1 X25519 recipient stanza and 1 identity was tried");
}

TEST_CASE("age: an empty file made by age for two recipients opens with either identity (known answer)") {
  CHECK(age::decrypt(kArmoredEmptyToBoth, {identity(kIdentity1)}).empty());
  CHECK(age::decrypt(kArmoredEmptyToBoth, {identity(kIdentity2)}).empty());
}

TEST_CASE("age: a binary file made by age opens (known answer)") {
  CHECK(age::decrypt(binary_known_answer(), {identity(kIdentity1)}) == bytes(std::string_view("binary\0\xff", 8)));
}

TEST_CASE("age: a file with other stanza types says what it holds") {
  // age-encryption.org/v1 with an scrypt stanza only: a passphrase file.
  std::string file =
      "age-encryption.org/v1\n-> scrypt ajMFur+EJLGaohv/dLRGnw 18\n8SHBz/ldWnjyGFQqfjat6uNBarWqqEMDS7W8X7+Xq5Q\n"
      "--- " +
      std::string(43, 'A') + "\n" + std::string(40, '\0');
  std::string message;
  CHECK(decrypt_error(file, {age::generate_identity()}, &message) == Kind::no_identity_matched);
  CHECK(message ==
        "no identity matched: the file has 0 X25519 recipient stanzas and 1 identity was tried; the file is "
        "passphrase-encrypted (scrypt), which is not supported");
}

TEST_SUITE_END();
