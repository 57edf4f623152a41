// The secrets file and its vault: round trips, recipients, rotation,
// tampering, wrong keys, and the reference check behind `validate`.
#include <doctest/doctest.h>

#include "config/temp_project.hpp"
#include "render/secret_values.hpp"
#include "secrets/delivery.hpp"
#include "secrets/references.hpp"
#include "secrets/vault.hpp"

using namespace stackctl;
using secrets::RecipientEntry;
using secrets::Vault;

namespace {

RecipientEntry recipient(const std::string& name, const crypto::age::Identity& id) {
  return {name, id.recipient().to_string(), {}};
}

// Through the text format and back, as every command does.
secrets::SecretsFile round_trip(const secrets::SecretsFile& file) {
  return secrets::parse_secrets_file(secrets::format_secrets_file(file), "environments/staging.secrets.yaml",
                                     file.environment);
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("values round-trip through the file format, readable by every recipient") {
  auto alice = crypto::age::generate_identity();
  auto ci = crypto::age::generate_identity();
  auto vault = Vault::create("staging", {recipient("alice", alice), recipient("ci", ci)});
  vault.set("rates-db-password", "correct horse battery staple");
  vault.set("api-token", "tab\there \"quoted\" \\ and\nnewline ünïcode");
  auto text = secrets::format_secrets_file(vault.file());
  CHECK(text.find("correct horse") == std::string::npos);
  CHECK(text.find("rates-db-password: ENC[xchacha20poly1305,nonce:") != std::string::npos);
  CHECK(text.find("name: alice") != std::string::npos);

  for (const auto& id : {alice, ci}) {
    auto opened = Vault::open(round_trip(vault.file()), {id});
    CHECK(opened.names() == std::vector<std::string>{"api-token", "rates-db-password"});
    CHECK(opened.get("rates-db-password") == "correct horse battery staple");
    CHECK(opened.get("api-token") == "tab\there \"quoted\" \\ and\nnewline ünïcode");
  }
  // The same file formats to the same text: stable diffs.
  CHECK(secrets::format_secrets_file(round_trip(vault.file())) == text);
}

TEST_CASE("setting an unchanged value keeps its ciphertext; a change touches only that line") {
  auto me = crypto::age::generate_identity();
  auto vault = Vault::create("staging", {recipient("me", me)});
  vault.set("a-password", "first value");
  vault.set("b-password", "second value");
  auto before = vault.file();
  vault.set("a-password", "first value");
  CHECK(vault.file().find("a-password")->token == before.find("a-password")->token);
  vault.set("b-password", "changed value");
  CHECK(vault.file().find("a-password")->token == before.find("a-password")->token);
  CHECK(vault.file().find("b-password")->token != before.find("b-password")->token);
  CHECK(vault.file().mac != before.mac);
}

TEST_CASE("a wrong or missing key names the environment and the key ids") {
  auto alice = crypto::age::generate_identity();
  auto mallory = crypto::age::generate_identity();
  auto vault = Vault::create("staging", {recipient("alice", alice)});
  try {
    Vault::open(round_trip(vault.file()), {mallory});
    FAIL("opened with a key that is not a recipient");
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    CHECK(message.find("cannot decrypt the secrets of environment staging (environments/staging.secrets.yaml)") !=
          std::string::npos);
    CHECK(message.find(mallory.recipient().to_string()) != std::string::npos);
    CHECK(message.find("alice (" + alice.recipient().to_string() + ")") != std::string::npos);
  }
}

TEST_CASE("any edit made without the key is refused") {
  auto me = crypto::age::generate_identity();
  auto other = crypto::age::generate_identity();
  auto vault = Vault::create("staging", {recipient("me", me)});
  vault.set("a-password", "value number one");
  vault.set("b-password", "value number two");
  auto text = secrets::format_secrets_file(vault.file());
  auto a = vault.file().find("a-password")->token;
  auto b = vault.file().find("b-password")->token;
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"a token's byte", replace_once(text, a, a.substr(0, 40) + (a[40] == 'A' ? "B" : "A") + a.substr(41))},
      {"two values swapped", replace_once(replace_once(text, a, "@@"), b, a).replace(text.find(a), 2, b)},
      {"a secret renamed", replace_once(text, "  a-password:", "  c-password:")},
      {"a secret removed", replace_once(text, "  a-password: " + a + "\n", "")},
      {"a recipient added",
       replace_once(text, "recipients:\n", "recipients:\n  - key: " + other.recipient().to_string() + "\n")},
      {"a recipient renamed", replace_once(text, "name: me", "name: you")},
      {"the mac replaced", replace_once(text, vault.file().mac, std::string(64, '0'))},
  };
  for (const auto& edit : edits) {
    CAPTURE(edit.first);
    auto file = secrets::parse_secrets_file(edit.second, "environments/staging.secrets.yaml", "staging");
    CHECK_THROWS_WITH(Vault::open(file, {me}),
                      doctest::Contains("its mac does not match, so it was changed without the key"));
  }
  // A damaged data key is reported as such.
  auto damaged =
      replace_once(text, "-----BEGIN AGE ENCRYPTED FILE-----\n  ", "-----BEGIN AGE ENCRYPTED FILE-----\n  A");
  CHECK_THROWS_WITH(Vault::open(secrets::parse_secrets_file(damaged, "x", "staging"), {me}),
                    doctest::Contains("its data_key is damaged"));
}

TEST_CASE("rotation: recipients change, a removed recipient cannot open new values") {
  auto alice = crypto::age::generate_identity();
  auto bob = crypto::age::generate_identity();
  auto vault = Vault::create("staging", {recipient("alice", alice)});
  vault.set("rates-db-password", "before rotation");
  auto old_token = vault.file().find("rates-db-password")->token;

  vault.set_recipients({recipient("alice", alice), recipient("bob", bob)});
  CHECK(Vault::open(round_trip(vault.file()), {bob}).get("rates-db-password") == "before rotation");
  CHECK(vault.file().find("rates-db-password")->token == old_token);  // values untouched

  vault.set_recipients({recipient("alice", alice)});
  vault.new_data_key();
  CHECK(vault.file().find("rates-db-password")->token != old_token);
  CHECK_THROWS_WITH(Vault::open(round_trip(vault.file()), {bob}), doctest::Contains("is not one of its recipients"));
  CHECK(Vault::open(round_trip(vault.file()), {alice}).get("rates-db-password") == "before rotation");
}

TEST_CASE("a token moved to another environment's file does not open") {
  auto me = crypto::age::generate_identity();
  auto staging = Vault::create("staging", {recipient("me", me)});
  staging.set("rates-db-password", "staging value");
  CHECK_THROWS_WITH(staging.get("missing"), doctest::Contains("environment staging has no secret missing"));
}

TEST_CASE("the file's structure is checked with positions") {
  const std::string head =
      "version: 1\nenvironment: staging\nrecipients:\n  - {name: me, key: age1x}\ndata_key: x\nmac: ab\n";
  auto errors = [&](const std::string& text) {
    try {
      secrets::parse_secrets_file(text, "environments/staging.secrets.yaml", "staging");
      return std::string("no error");
    } catch (const config::InvalidInput& e) {
      std::string all;
      for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
      return all;
    }
  };
  CHECK(errors(head + "secrets:\n  db-password: hunter2\n") ==
        "environments/staging.secrets.yaml:8:16: secrets.db-password: expected an encrypted value "
        "ENC[xchacha20poly1305,...]; values are set with `stackctl secrets set`, never written in clear\n");
  CHECK(errors(head + "secrets:\n  Bad_Name: ENC[xchacha20poly1305,nonce:a,data:b]\n")
            .find("environments/staging.secrets.yaml:8:3: secrets.Bad_Name: secret name \"Bad_Name\"") == 0);
  CHECK(errors(head + "extra: 1\n").find("environments/staging.secrets.yaml:7:1: extra: unknown key") == 0);
  CHECK(errors(replace_once(head, "environment: staging", "environment: production")) ==
        "environments/staging.secrets.yaml:2:14: environment: this file holds the secrets of \"production\", not "
        "\"staging\"\n");
  CHECK(errors(replace_once(head, "  - {name: me, key: age1x}\n", "  []\n")).find("recipients") != std::string::npos);
}

TEST_CASE("validate: used but missing secrets are errors where they are used; unused ones warnings") {
  auto project = testing::project_with({
      {"services/web/service.yaml",
       "image: nginx:1.25\nports:\n  - {name: http, port: 8080}\nenv:\n  TOKEN: ${secret:api-token}\n"
       "  DB: ${secret:db-password}\n"},
  });
  auto loaded = project.load("local");
  REQUIRE(loaded.diags.empty());
  auto uses = secrets::secret_uses(loaded);
  REQUIRE(uses.size() == 2);
  CHECK(uses[0].name == "api-token");
  CHECK(uses[0].path == "services.web.env.TOKEN");

  auto report = secrets::check_secret_references(loaded, project.root());
  CHECK(report.errors.empty());
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].to_string() ==
        "environments/local.yaml:1:1: secrets: no secrets file environments/local.secrets.yaml yet; 2 secrets are "
        "used but not set: api-token, db-password (stackctl secrets init local)");

  auto me = crypto::age::generate_identity();
  auto vault = Vault::create("local", {recipient("me", me)});
  vault.set("api-token", "token value 1");
  vault.set("old-password", "nobody uses me");
  secrets::write_secrets_file(project.root(), vault.file());
  report = secrets::check_secret_references(loaded, project.root());
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].to_string() ==
        "services/web/service.yaml:6:7: services.web.env.DB: secret \"db-password\" is not set in "
        "environments/local.secrets.yaml (stackctl secrets set local db-password)");
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].to_string().find("environments/local.secrets.yaml:") == 0);
  CHECK(report.warnings[0].to_string().find("secrets.old-password: secret \"old-password\" is not used") !=
        std::string::npos);
}

TEST_CASE("delivery: process and terraform variables, and the Kubernetes Secret") {
  secrets::Values values = {{"rates-db-password", "p1"}, {"api-token", "t1"}};
  CHECK(secrets::process_environment(values) == secrets::Values{{"API_TOKEN", "t1"}, {"RATES_DB_PASSWORD", "p1"}});
  CHECK(secrets::terraform_environment(values) ==
        secrets::Values{{"TF_VAR_api_token", "t1"}, {"TF_VAR_rates_db_password", "p1"}});
  auto project = testing::project_with({});
  auto loaded = project.load("local");
  auto doc = render::kubernetes_secret(loaded.env, values);
  CHECK(doc.path == "kubernetes/secrets.yaml");
  CHECK(doc.body["kind"] == "Secret");
  CHECK(doc.body["metadata"]["name"] == "stackctl-secrets");
  CHECK(doc.body["stringData"]["rates-db-password"] == "p1");
}
