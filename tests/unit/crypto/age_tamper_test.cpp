// age tamper detection: any change to the header or payload of a file is
// refused with the right kind of error, and never yields plaintext.
#include <doctest/doctest.h>

#include "age_test_util.hpp"
#include "crypto/age_base64.hpp"
#include "crypto/age_crypto.hpp"
#include "crypto/age_stream.hpp"

namespace age = stackctl::crypto::age;
namespace detail = stackctl::crypto::age::detail;
using stackctl::testing::age_helpers::decrypt_error;
using stackctl::testing::age_helpers::pattern;
using Kind = age::Error::Kind;

namespace {

std::size_t header_size(const std::string& file) { return file.find("\n---") + 49; }

// Replaces the character at 'at' with another base64 character.
std::string change_base64_char(std::string s, std::size_t at) {
  s[at] = s[at] == 'A' ? 'B' : 'A';
  return s;
}

}  // namespace

TEST_SUITE_BEGIN("age");

TEST_CASE("age tamper: every single-bit flip in the header is refused") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(std::string_view("secret"), {id.recipient()}, false);
  for (std::size_t at = 0; at < header_size(file); ++at) {
    CAPTURE(at);
    std::string tampered = file;
    tampered[at] = static_cast<char>(tampered[at] ^ 0x01);
    auto kind = decrypt_error(tampered, {id});
    REQUIRE(kind.has_value());
    // A changed X25519 share or body stops the stanza opening: no identity matches.
    CHECK((*kind == Kind::malformed || *kind == Kind::header_mac || *kind == Kind::no_identity_matched));
  }
}

TEST_CASE("age tamper: a changed MAC, or a changed stanza the identity did not use, fails the header MAC") {
  age::Identity a = age::generate_identity();
  age::Identity b = age::generate_identity();
  std::string file = age::encrypt(std::string_view("secret"), {a.recipient(), b.recipient()}, false);
  std::size_t mac = file.find("\n--- ") + 5;
  CHECK(decrypt_error(change_base64_char(file, mac), {a}) == Kind::header_mac);
  // The second stanza's body line: A opens the first stanza, then the MAC fails.
  std::size_t second_stanza = file.find("\n-> ", file.find("\n-> ") + 1) + 1;
  std::size_t second_body = file.find('\n', second_stanza) + 1;
  CHECK(decrypt_error(change_base64_char(file, second_body + 5), {a}) == Kind::header_mac);
  // An added stanza of an unknown type is skipped, but the MAC covers it.
  std::string added = file;
  added.insert(file.find("---"), "-> example.com/enigma foo\nAAAA\n");
  CHECK(decrypt_error(added, {a}) == Kind::header_mac);
}

TEST_CASE("age tamper: header format problems are malformed") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(std::string_view("secret"), {id.recipient()}, false);
  std::string message;
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = file;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  CHECK(decrypt_error("", {id}, &message) == Kind::malformed);
  CHECK(message == "not an age file: it does not start with \"age-encryption.org/\"");
  CHECK(decrypt_error(replaced("/v1\n", "/v2\n"), {id}, &message) == Kind::malformed);
  CHECK(message.starts_with("unsupported age file version"));
  CHECK(decrypt_error(file.substr(0, file.find("---")), {id}) == Kind::malformed);  // no MAC line
  CHECK(decrypt_error(file.substr(0, header_size(file) - 1), {id}) == Kind::malformed);
  CHECK(decrypt_error(replaced("-> X25519 ", "-> X25519  "), {id}) == Kind::malformed);  // empty argument
  CHECK(decrypt_error(replaced("-> X25519 ", "-> X25519 extra "), {id}, &message) == Kind::malformed);
  CHECK(message == "age header: X25519 stanza 1: wants exactly one argument");
  CHECK(decrypt_error(replaced("\n--- ", "\n---"), {id}) == Kind::malformed);
  CHECK(decrypt_error(replaced("\n---", "\n-> foo\n---"), {id}) == Kind::malformed);  // stanza without body line
  std::string no_stanza = "age-encryption.org/v1\n--- " + std::string(43, 'A') + "\n";
  CHECK(decrypt_error(no_stanza, {id}, &message) == Kind::malformed);
  CHECK(message == "age header line 2: the header has no recipient stanza");
}

TEST_CASE("age tamper: X25519 stanzas of the wrong shape are malformed") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(std::string_view("secret"), {id.recipient()}, false);
  std::size_t share = file.find("-> X25519 ") + 10;
  std::size_t body = file.find('\n', share) + 1;
  std::string message;

  // A low-order share (all zeros): the shared secret would be zero.
  std::string zero_share = file;
  zero_share.replace(share, 43, std::string(43, 'A'));
  CHECK(decrypt_error(zero_share, {id}, &message) == Kind::malformed);
  CHECK(message == "age header: an X25519 stanza has a low-order ephemeral share");
  // A share that is not 32 bytes, or not canonical base64.
  std::string short_share = file;
  short_share.erase(share, 4);
  CHECK(decrypt_error(short_share, {id}) == Kind::malformed);
  std::string odd_bits = file;
  odd_bits[share + 42] = odd_bits[share + 42] == 'B' ? 'C' : 'B';  // sets bits past the 32nd byte
  CHECK(decrypt_error(odd_bits, {id}) == Kind::malformed);
  // A body that is not 32 bytes.
  std::string short_body = file;
  short_body.erase(body, 4);
  CHECK(decrypt_error(short_body, {id}, &message) == Kind::malformed);
  CHECK(message == "age header: X25519 stanza 1: the body is 29 bytes, want 32");
}

TEST_CASE("age tamper: payload changes fail authentication") {
  age::Identity id = age::generate_identity();
  auto plaintext = pattern(200 * 1024);  // 3 full chunks and a partial one
  std::string file = age::encrypt(plaintext, {id.recipient()}, false);
  std::size_t payload = header_size(file);
  std::size_t sealed_chunk = 65536 + 16;
  std::string message;

  for (std::size_t at : {payload, payload + 16, payload + 16 + sealed_chunk + 100, file.size() - 1}) {
    CAPTURE(at - payload);
    std::string flipped = file;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x80);
    CHECK(decrypt_error(flipped, {id}) == Kind::payload);
  }
  CHECK(decrypt_error(file.substr(0, file.size() - 1), {id}, &message) == Kind::payload);  // last chunk truncated
  CHECK(message == "age payload: chunk 4 of 4 failed to authenticate (the file was modified, truncated or extended)");
  CHECK(decrypt_error(file.substr(0, payload + 16 + 3 * sealed_chunk), {id}) == Kind::payload);  // last chunk gone
  CHECK(decrypt_error(file.substr(0, payload + 16 + 5), {id}) == Kind::payload);
  CHECK(decrypt_error(file.substr(0, payload + 16), {id}) == Kind::payload);  // nonce only
  CHECK(decrypt_error(file.substr(0, payload + 3), {id}) == Kind::payload);
  CHECK(decrypt_error(file.substr(0, payload), {id}) == Kind::payload);  // header only
  CHECK(decrypt_error(file + "x", {id}) == Kind::payload);
  CHECK(decrypt_error(file + std::string(sealed_chunk, 'x'), {id}) == Kind::payload);
  // Chunks swapped.
  std::string swapped = file;
  swapped.replace(payload + 16, sealed_chunk, file, payload + 16 + sealed_chunk, sealed_chunk);
  swapped.replace(payload + 16 + sealed_chunk, sealed_chunk, file, payload + 16, sealed_chunk);
  CHECK(decrypt_error(swapped, {id}) == Kind::payload);
}

TEST_CASE("age tamper: an empty file's payload is one empty final chunk, and nothing else") {
  age::Identity id = age::generate_identity();
  std::string file = age::encrypt(std::span<const unsigned char>{}, {id.recipient()}, true);
  CHECK(age::decrypt(file, {id}).empty());
  std::string binary = age::encrypt(std::span<const unsigned char>{}, {id.recipient()}, false);
  CHECK(binary.size() == header_size(binary) + 16 + 16);
  CHECK(decrypt_error(binary + std::string(16, '\0'), {id}) == Kind::payload);
}

TEST_CASE("age tamper: a full chunk followed by an empty final chunk is refused") {
  // Built by hand under a known file key: only an empty file may end with an
  // empty chunk, so 64 KiB must be one full final chunk.
  std::array<unsigned char, 16> file_key{};
  file_key[0] = 1;
  std::array<unsigned char, 16> nonce{};
  detail::Key key;
  detail::hkdf_sha256(file_key, nonce, "payload", key.span());
  auto plaintext = pattern(65536);
  std::string payload(nonce.begin(), nonce.end());
  std::string sealed(65536 + 16, '\0');
  std::array<unsigned char, 12> chunk_nonce{};  // counter 0, not last
  detail::aead_seal(key.span(), chunk_nonce, plaintext, reinterpret_cast<unsigned char*>(sealed.data()));
  payload += sealed;
  std::string empty_last(16, '\0');
  chunk_nonce[10] = 1;  // counter 1
  chunk_nonce[11] = 1;  // last
  detail::aead_seal(key.span(), chunk_nonce, {}, reinterpret_cast<unsigned char*>(empty_last.data()));
  CHECK_THROWS_WITH_AS(detail::decrypt_payload(file_key, payload + empty_last),
                       "age payload: the final chunk is empty, which only an empty file may have", age::Error);

  // The same chunk sealed as the last one is what encrypt_payload writes.
  std::string good;
  detail::encrypt_payload(file_key, plaintext, good);
  CHECK(good.size() == 16 + 65536 + 16);
  CHECK(detail::decrypt_payload(file_key, good) == plaintext);
}

TEST_CASE("age tamper: a changed armored payload fails authentication, not the armor") {
  age::Identity id = age::generate_identity();
  std::string binary = age::encrypt(std::string_view("secret value"), {id.recipient()}, false);
  binary[binary.size() - 3] = static_cast<char>(binary[binary.size() - 3] ^ 1);
  std::string armored = "-----BEGIN AGE ENCRYPTED FILE-----\n";
  std::string encoded = detail::base64_encode(detail::bytes_of(binary), true);
  for (std::size_t at = 0; at < encoded.size(); at += 64) armored += encoded.substr(at, 64) + "\n";
  armored += "-----END AGE ENCRYPTED FILE-----\n";
  CHECK(decrypt_error(armored, {id}) == Kind::payload);
}

TEST_SUITE_END();
