// RegistryClient: authentication, blobs and manifests.
#include "clients/registry/registry_client.hpp"

#include <sodium.h>

#include <algorithm>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/percent_encoding.hpp"
#include "clients/registry/digest.hpp"
#include "clients/registry/location.hpp"

namespace stackctl::registry {
namespace {

std::string base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

RegistryClient::RegistryClient(RegistryTarget target) : target_(std::move(target)) {
  validate_target(target_);
  origin_ = registry_origin(target_);
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  redact_.add(target_.credentials.password);
  if (!target_.credentials.username.empty())
    redact_.add(base64(target_.credentials.username + ":" + target_.credentials.password));
}

std::string RegistryClient::api_url(const std::string& path) const { return origin_ + "/v2/" + path; }

void RegistryClient::fail(const HttpCall& call, const HttpResult& result, const char* what) const {
  std::vector<std::string> codes;
  std::string message = "registry " + target_.host + ": " + what + " (" + call.method + " " +
                        url_without_query(call.url).substr(url_origin(call.url).size()) +
                        "): " + std::to_string(result.status) + (result.reason.empty() ? "" : " " + result.reason);
  const std::string detail = describe_error_body(result.body, &codes);
  if (!detail.empty()) message += ": " + detail;
  if (result.status == 401 || result.status == 403) {
    message += target_.credentials.username.empty()
                   ? " (no credentials were given)"
                   : " (check the credentials of user '" + target_.credentials.username + "' and its permissions)";
  }
  throw RegistryError(redact_(message), result.status, std::move(codes));
}

HttpResult RegistryClient::send(HttpCall call, std::initializer_list<int> ok, const char* what) {
  const auto is_ok = [&](int status) { return std::find(ok.begin(), ok.end(), status) != ok.end(); };
  for (int attempt = 0;; ++attempt) {
    HttpCall sent = call;
    // Credentials only go to the registry itself (never to a Location on another host).
    if (!authorization_.empty() && url_origin(sent.url) == origin_)
      sent.headers.push_back("Authorization: " + authorization_);
    HttpResult result;
    try {
      result = perform(sent);
    } catch (const RegistryError& e) {
      throw RegistryError(redact_(e.what()), e.status(), e.codes());
    }
    if (is_ok(result.status)) return result;
    if (result.status == 401 && attempt == 0 && !result.all("www-authenticate").empty()) {
      authenticate(result);
      continue;
    }
    fail(call, result, what);
  }
}

void RegistryClient::authenticate(const HttpResult& unauthorized) {
  std::vector<Challenge> challenges;
  for (const auto& header : unauthorized.all("www-authenticate"))
    for (auto& c : parse_challenges(header)) challenges.push_back(std::move(c));
  const Challenge* bearer = nullptr;
  const Challenge* basic = nullptr;
  for (const auto& c : challenges) {
    if (c.scheme == "bearer" && !bearer) bearer = &c;
    if (c.scheme == "basic" && !basic) basic = &c;
  }
  const Credentials& creds = target_.credentials;
  if (bearer) {
    const std::string ours = "repository:" + target_.repository + ":pull,push";
    std::string scopes = "scope=" + app::percent_encode(ours);
    const std::string asked = bearer->param("scope");
    if (!asked.empty() && asked != ours) scopes += "&scope=" + app::percent_encode(asked);
    const auto cached = tokens_.find(scopes);
    const bool stale = cached != tokens_.end() && authorization_ == "Bearer " + cached->second;
    if (cached == tokens_.end() || stale) tokens_[scopes] = fetch_token(*bearer, scopes);
    authorization_ = "Bearer " + tokens_[scopes];
    return;
  }
  if (basic) {
    if (creds.username.empty())
      throw RegistryError("registry " + target_.host + " asks for credentials (Basic) and none were given", 401);
    authorization_ = "Basic " + base64(creds.username + ":" + creds.password);
    return;
  }
  throw RegistryError(redact_("registry " + target_.host + ": unsupported authentication challenge '" +
                              unauthorized.header("www-authenticate") + "'"),
                      401);
}

std::string RegistryClient::fetch_token(const Challenge& challenge, const std::string& scopes_query) {
  const std::string realm = challenge.param("realm");
  if (realm.find("://") == std::string::npos)
    throw RegistryError("registry " + target_.host + ": Bearer challenge without an absolute realm URL", 401);
  const std::string realm_origin = url_origin(realm);
  const std::string realm_host = realm_origin.substr(realm_origin.find("://") + 3);
  // The token server gets the credentials: https only, unless loopback or http was asked for.
  if (realm_origin.starts_with("http://") && target_.scheme != Scheme::http && !is_loopback_host(realm_host))
    throw RegistryError("registry " + target_.host + ": refusing to send credentials to the token realm " +
                            url_without_query(realm) + " over plain http",
                        401);
  std::string url = realm;
  if (!challenge.param("service").empty()) url = with_query_param(url, "service", challenge.param("service"));
  url += (url.find('?') == std::string::npos ? "?" : "&") + scopes_query;

  HttpCall call;
  call.url = url;
  call.peer = "the token server of registry " + target_.host;
  call.headers.push_back("Accept: application/json");
  if (!target_.credentials.username.empty())
    call.headers.push_back("Authorization: Basic " +
                           base64(target_.credentials.username + ":" + target_.credentials.password));
  HttpResult result;
  try {
    result = perform(call);
  } catch (const RegistryError& e) {
    throw RegistryError(redact_(e.what()), e.status(), e.codes());
  }
  if (result.status != 200) {
    std::vector<std::string> codes;
    std::string message = "registry " + target_.host + ": the token server " + url_without_query(realm) +
                          " refused a token: " + std::to_string(result.status) +
                          (result.reason.empty() ? "" : " " + result.reason);
    const std::string detail = describe_error_body(result.body, &codes);
    if (!detail.empty()) message += ": " + detail;
    if (result.status == 401 || result.status == 403)
      message += " (check the credentials of user '" + target_.credentials.username + "')";
    throw RegistryError(redact_(message), result.status, std::move(codes));
  }
  const auto j = nlohmann::json::parse(result.body, nullptr, false);
  std::string token;
  if (j.is_object()) {
    if (j.contains("token") && j["token"].is_string()) token = j["token"].get<std::string>();
    if (token.empty() && j.contains("access_token") && j["access_token"].is_string())
      token = j["access_token"].get<std::string>();
  }
  if (token.empty())
    throw RegistryError("registry " + target_.host + ": the token server " + url_without_query(realm) +
                        " answered without a token");
  redact_.add(token);
  return token;
}

void RegistryClient::ping() {
  HttpCall call;
  call.url = api_url("");
  send(call, {200}, "checking the registry API");
}

bool RegistryClient::blob_exists(const std::string& digest) {
  HttpCall call;
  call.method = "HEAD";
  call.url = api_url(target_.repository + "/blobs/" + digest);
  const HttpResult result = send(call, {200, 302, 307, 404}, "checking a blob");
  return result.status != 404;
}

void RegistryClient::upload_blob(const std::string& digest, const std::filesystem::path& file) {
  if (!is_sha256_digest(digest)) throw std::invalid_argument("not a sha256 digest: '" + digest + "'");
  HttpCall start;
  start.method = "POST";
  start.url = api_url(target_.repository + "/blobs/uploads/");
  start.headers.push_back("Content-Type: application/octet-stream");
  const HttpResult started = send(start, {202}, "starting a blob upload");
  const std::string location = started.header("location");
  if (location.empty())
    throw RegistryError("registry " + target_.host + ": the blob upload was accepted without a Location header",
                        started.status);

  HttpCall put;
  put.method = "PUT";
  put.url = with_query_param(resolve_location(start.url, location), "digest", digest);
  if (url_origin(put.url).starts_with("http://") && origin_.starts_with("https://"))
    throw RegistryError("registry " + target_.host + ": the upload location moved to plain http; refusing");
  put.headers.push_back("Content-Type: application/octet-stream");
  put.body_file = file;
  const HttpResult done = send(put, {201}, ("uploading blob " + digest).c_str());
  const std::string reported = done.header("docker-content-digest");
  if (!reported.empty() && reported != digest)
    throw RegistryError("registry " + target_.host + ": uploaded blob " + digest + " but the registry stored " +
                        reported);
}

std::string RegistryClient::put_manifest(const std::string& reference, const std::string& bytes,
                                         const std::string& media_type) {
  HttpCall call;
  call.method = "PUT";
  call.url = api_url(target_.repository + "/manifests/" + reference);
  call.headers.push_back("Content-Type: " + media_type);
  call.body = bytes;
  const HttpResult result = send(call, {201, 200}, "pushing the manifest");
  const std::string expected = sha256_digest(bytes);
  const std::string reported = result.header("docker-content-digest");
  if (!reported.empty() && reported != expected)
    throw RegistryError("registry " + target_.host + ": pushed manifest " + expected + " but the registry reports " +
                        reported);
  return expected;
}

}  // namespace stackctl::registry
