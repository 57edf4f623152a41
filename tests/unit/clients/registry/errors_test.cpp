// Redaction of secrets, the registry's JSON error bodies, and targets
// (loopback hosts use http, other hosts https unless asked).
#include <doctest/doctest.h>

#include "clients/registry/errors.hpp"
#include <stdexcept>

#include "clients/registry/target.hpp"

using namespace stackctl::registry;

TEST_CASE("Redactor and error bodies") {
  Redactor r;
  r.add("abc");  // too short to redact safely: ignored
  r.add("hunter22");
  CHECK(r("x hunter22 y hunter22") == "x [redacted] y [redacted]");
  CHECK(r("abc") == "abc");
  std::vector<std::string> codes;
  CHECK(describe_error_body(R"({"errors":[{"code":"A","message":"m1"},{"code":"B"}]})", &codes) == "A: m1; B");
  CHECK(codes == std::vector<std::string>{"A", "B"});
  CHECK(describe_error_body("plain\ntext\n") == "plain text");
}

TEST_CASE("target validation") {
  RegistryTarget t{"europe-docker.pkg.dev", "proj/repo/api", "v1.2_3", {}};
  CHECK_NOTHROW(validate_target(t));
  t.repository = "proj//api";
  CHECK_THROWS_AS(validate_target(t), std::invalid_argument);
  t.repository = "proj/api-";
  CHECK_THROWS_AS(validate_target(t), std::invalid_argument);
  t.repository = "a/b";
  t.tag = ".x";
  CHECK_THROWS_AS(validate_target(t), std::invalid_argument);
  t.tag = "latest";
  t.host = "h/x";
  CHECK_THROWS_AS(validate_target(t), std::invalid_argument);
}

TEST_CASE("targets: loopback hosts use http, others https unless asked") {
  CHECK(is_loopback_host("127.0.0.1:5000"));
  CHECK(is_loopback_host("127.9.8.7"));
  CHECK(is_loopback_host("localhost:80"));
  CHECK(is_loopback_host("[::1]:5000"));
  CHECK_FALSE(is_loopback_host("127.example.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1:5000"));
  CHECK(registry_origin({"127.0.0.1:5000", "a", "t", {}}) == "http://127.0.0.1:5000");
  CHECK(registry_origin({"europe-docker.pkg.dev", "a", "t", {}}) == "https://europe-docker.pkg.dev");
  CHECK(registry_origin({"reg.internal:5000", "a", "t", {}, Scheme::http}) == "http://reg.internal:5000");
  CHECK(registry_origin({"127.0.0.1:5443", "a", "t", {}, Scheme::https}) == "https://127.0.0.1:5443");
}
