// The building blocks of the age module against published vectors:
// HMAC-SHA-256 (RFC 4231), HKDF-SHA-256 (RFC 5869), canonical base64 and
// Bech32 (BIP 173).
#include <doctest/doctest.h>

#include <sodium.h>

#include "age_test_util.hpp"
#include "crypto/age_base64.hpp"
#include "crypto/age_crypto.hpp"
#include "crypto/bech32.hpp"

namespace detail = stackctl::crypto::age::detail;
namespace bech32 = stackctl::crypto::bech32;
using stackctl::testing::age_helpers::bytes;

namespace {

std::string hex(std::span<const unsigned char> b) {
  std::string out(b.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
  out.pop_back();
  return out;
}

}  // namespace

TEST_SUITE_BEGIN("age");

TEST_CASE("age primitives: HMAC-SHA-256 matches RFC 4231 test case 2") {
  std::array<unsigned char, 32> mac{};
  detail::hmac_sha256(bytes("Jefe"), bytes("what do ya want for nothing?"), mac);
  CHECK(hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("age primitives: HKDF-SHA-256 matches RFC 5869 (first 32 bytes of the OKM)") {
  std::vector<unsigned char> ikm(22, 0x0b);
  std::array<unsigned char, 32> okm{};
  SUBCASE("test case 1: salt and info") {
    std::vector<unsigned char> salt{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    std::string info = "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9";
    detail::hkdf_sha256(ikm, salt, info, okm);
    CHECK(hex(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
  }
  SUBCASE("test case 3: empty salt and info") {
    detail::hkdf_sha256(ikm, {}, "", okm);
    CHECK(hex(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
  }
}

TEST_CASE("age primitives: unpadded base64 round-trips and refuses every non-canonical form") {
  for (std::size_t n = 0; n < 40; ++n) {
    auto data = stackctl::testing::age_helpers::pattern(n);
    std::string encoded = detail::base64_encode(data, false);
    CHECK(encoded.find('=') == std::string::npos);
    CHECK(detail::base64_decode(encoded, false) == data);
  }
  CHECK(detail::base64_decode("QQ", false) == bytes("A"));
  CHECK_FALSE(detail::base64_decode("QR", false));     // set bits past the last byte
  CHECK_FALSE(detail::base64_decode("QQ==", false));   // padding
  CHECK_FALSE(detail::base64_decode("QUFBQ", false));  // 5 characters cannot be canonical
  CHECK_FALSE(detail::base64_decode("QU-B", false));   // outside the alphabet (URL-safe)
  CHECK_FALSE(detail::base64_decode("QUF B", false));  // whitespace
  CHECK_FALSE(detail::base64_decode("QUFB\n", false));
}

TEST_CASE("age primitives: padded base64 (the armor) needs exactly the canonical padding") {
  CHECK(detail::base64_encode(bytes("A"), true) == "QQ==");
  CHECK(detail::base64_decode("QQ==", true) == bytes("A"));
  CHECK(detail::base64_decode("QUI=", true) == bytes("AB"));
  CHECK_FALSE(detail::base64_decode("QQ", true));
  CHECK_FALSE(detail::base64_decode("QQ=", true));
  CHECK_FALSE(detail::base64_decode("QR==", true));
  CHECK_FALSE(detail::base64_decode("QQ==QQ==", true));  // padding in the middle
}

TEST_CASE("age primitives: Bech32 accepts BIP 173's valid strings") {
  for (const char* valid :
       {"A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs"}) {
    std::string error;
    CHECK_MESSAGE(bech32::decode(valid, &error).has_value(), valid, ": ", error);
  }
}

TEST_CASE("age primitives: Bech32 refuses BIP 173's invalid strings with the reason") {
  auto reason = [](std::string_view s) {
    std::string error;
    CHECK_FALSE(bech32::decode(s, &error));
    return error;
  };
  CHECK(reason("") == "empty");
  CHECK(reason("pzry9x0s0muk") == "missing the '1' separator");
  CHECK(reason("1pzry9x0s0muk") == "empty prefix");
  CHECK(reason("x1b4n0q5v") == "invalid character");
  CHECK(reason("li1dgmt3") == "too short");
  CHECK(reason("A1G7SGD8") == "bad checksum");  // checksum computed over the upper-case string
  CHECK(reason("a12UEL5L") == "mixed upper and lower case");
  CHECK(reason(std::string("\x7f") + "1axkwrx") == "invalid character");
}

TEST_CASE("age primitives: Bech32 encodes bytes and back, in either case") {
  for (std::size_t n : {0u, 1u, 5u, 20u, 32u, 33u, 100u}) {
    auto data = stackctl::testing::age_helpers::pattern(n);
    for (bool upper : {false, true}) {
      std::string s = bech32::encode("test", data, upper);
      auto decoded = bech32::decode(s, nullptr);
      REQUIRE(decoded);
      CHECK(decoded->hrp == (upper ? "TEST" : "test"));
      CHECK(decoded->data == data);
    }
  }
}

TEST_SUITE_END();
