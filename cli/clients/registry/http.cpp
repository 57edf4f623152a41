// libcurl transport of the registry client.
#include "clients/registry/http.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <cstdio>
#include <memory>
#include <mutex>

#include "clients/registry/errors.hpp"
#include "clients/registry/location.hpp"

namespace stackctl::registry {
namespace {

constexpr size_t kMaxBody = 4 << 20;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

struct Exchange {
  HttpResult result;
  FILE* upload = nullptr;
  bool read_failed = false;
};

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  const size_t first = s.find_first_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::string line = trim(std::string(data, size * count));
  if (line.starts_with("HTTP/")) {  // a new status line (after 100 Continue too)
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 + 1);
    ex->result.status = std::atoi(line.c_str() + sp1 + 1);
    ex->result.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
    ex->result.headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ex->result.headers.emplace(name, trim(line.substr(colon + 1)));
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (ex->result.body.size() < kMaxBody) ex->result.body.append(data, std::min(n, kMaxBody - ex->result.body.size()));
  return n;
}

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = std::fread(buffer, 1, size * count, ex->upload);
  if (n == 0 && std::ferror(ex->upload)) {
    ex->read_failed = true;
    return CURL_READFUNC_ABORT;
  }
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> HttpResult::all(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = headers.equal_range(name); it != end; ++it) out.push_back(it->second);
  return out;
}

HttpResult perform(const HttpCall& call) {
  global_init();
  std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) throw std::runtime_error("curl_easy_init failed");
  CURL* c = handle.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  Exchange ex;

  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
  // No total limit (layers can be large); give up when a transfer stalls.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 120L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "stackctl");

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
  add_header("Expect:");
  for (const auto& h : call.headers) add_header(h);

  std::unique_ptr<FILE, FileCloser> file;
  if (call.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else if (call.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (call.body_file) {
    file.reset(std::fopen(call.body_file->c_str(), "rb"));
    if (!file) throw RegistryError("cannot read " + call.body_file->string());
    std::error_code ec;
    const auto size = std::filesystem::file_size(*call.body_file, ec);
    if (ec) throw RegistryError("cannot read " + call.body_file->string() + ": " + ec.message());
    ex.upload = file.get();
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &ex);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);

  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    std::string where = call.method + " " + url_without_query(call.url);
    if (ex.read_failed) throw RegistryError(where + ": reading " + call.body_file->string() + " failed");
    const std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(code);
    std::string origin;
    try {
      origin = url_origin(call.url);
    } catch (const std::exception&) {
      origin = url_without_query(call.url);
    }
    if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST)
      throw RegistryError("cannot reach " + call.peer + " at " + origin + ": " + detail);
    throw RegistryError(where + " failed: " + detail);
  }
  return std::move(ex.result);
}

}  // namespace stackctl::registry
