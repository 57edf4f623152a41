// WWW-Authenticate parsing: quoted values, commas inside quotes, escapes,
// several challenges in one header, token68, garbage.
#include <doctest/doctest.h>

#include "clients/registry/auth_challenge.hpp"

using stackctl::registry::parse_challenges;

TEST_CASE("a Bearer challenge with a comma inside the quoted scope") {
  const auto c = parse_challenges(
      R"(Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/api:pull,push")");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].param("realm") == "https://auth.example.com/token");
  CHECK(c[0].param("service") == "registry.example.com");
  CHECK(c[0].param("scope") == "repository:team/api:pull,push");
  CHECK(c[0].param("error").empty());
}

TEST_CASE("a Basic challenge, spaces and escapes in the realm") {
  const auto c = parse_challenges(R"(Basic realm="Registry \"Realm\", v2")");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "basic");
  CHECK(c[0].param("realm") == R"(Registry "Realm", v2)");
}

TEST_CASE("several challenges in one header") {
  const auto c = parse_challenges(
      R"(Bearer realm="https://a/token", service="s,1" , error="insufficient_scope", Basic realm="x y", Digest realm=r)");
  REQUIRE(c.size() == 3);
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].param("service") == "s,1");
  CHECK(c[0].param("error") == "insufficient_scope");
  CHECK(c[1].scheme == "basic");
  CHECK(c[1].param("realm") == "x y");
  CHECK(c[2].scheme == "digest");
  CHECK(c[2].param("realm") == "r");
}

TEST_CASE("scheme and parameter names are case-insensitive; unquoted values") {
  const auto c = parse_challenges("BEARER Realm=https://x/t,SERVICE=svc");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].param("realm") == "https://x/t");
  CHECK(c[0].param("service") == "svc");
}

TEST_CASE("a token68 challenge before another one; a bare scheme") {
  auto c = parse_challenges(R"(Negotiate abc==, Basic realm="r")");
  REQUIRE(c.size() == 2);
  CHECK(c[0].scheme == "negotiate");
  CHECK(c[0].token68 == "abc==");
  CHECK(c[1].param("realm") == "r");
  c = parse_challenges("Basic");
  REQUIRE(c.size() == 1);
  CHECK(c[0].params.empty());
}

TEST_CASE("garbage never throws nor loops") {
  for (const char* h : {"", "   ", ",,,", "=,=", "\"unterminated", "Bearer realm=\"open", "Bearer ,,, realm=", "a b c d"})
    CHECK_NOTHROW(parse_challenges(h));
  const auto c = parse_challenges(R"(Bearer realm="open)");
  REQUIRE(c.size() == 1);
  CHECK(c[0].param("realm") == "open");
}
