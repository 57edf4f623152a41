// Upload Location resolution and URL helpers.
#include <doctest/doctest.h>

#include <stdexcept>

#include "clients/registry/location.hpp"

using namespace stackctl::registry;

TEST_CASE("Location: absolute, absolute path, scheme-relative, relative") {
  const std::string req = "http://127.0.0.1:5000/v2/team/api/blobs/uploads/";
  CHECK(resolve_location(req, "https://other.example/upload/1?x=y") == "https://other.example/upload/1?x=y");
  CHECK(resolve_location(req, "/v2/team/api/blobs/uploads/u1?_state=abc") ==
        "http://127.0.0.1:5000/v2/team/api/blobs/uploads/u1?_state=abc");
  CHECK(resolve_location(req, "//cdn.example/u") == "http://cdn.example/u");
  CHECK(resolve_location(req, "u2?_state=s") == "http://127.0.0.1:5000/v2/team/api/blobs/uploads/u2?_state=s");
  CHECK(resolve_location("https://h/v2/x/blobs/uploads/?a=b", "next") == "https://h/v2/x/blobs/uploads/next");
  CHECK(resolve_location("https://h", "p") == "https://h/p");
  CHECK_THROWS_AS(resolve_location(req, ""), std::invalid_argument);
}

TEST_CASE("a digest parameter is added with ? or &") {
  CHECK(with_query_param("https://h/u/1", "digest", "sha256:ab") == "https://h/u/1?digest=sha256%3Aab");
  CHECK(with_query_param("https://h/u/1?_state=x", "digest", "sha256:ab") ==
        "https://h/u/1?_state=x&digest=sha256%3Aab");
  CHECK(with_query_param("https://h/u/1?", "d", "v") == "https://h/u/1?d=v");
}

TEST_CASE("origin and query stripping") {
  CHECK(url_origin("HTTPS://Registry.Example:443/v2/?x") == "https://registry.example:443");
  CHECK(url_origin("http://127.0.0.1:5000") == "http://127.0.0.1:5000");
  CHECK(url_without_query("https://h/v2/x/blobs/uploads/u?_state=secretish#f") == "https://h/v2/x/blobs/uploads/u");
  CHECK_THROWS_AS(url_origin("/relative"), std::invalid_argument);
}
