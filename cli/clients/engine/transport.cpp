#include "clients/engine/transport.hpp"

#include <curl/curl.h>

#include <strings.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "clients/engine/errors.hpp"

namespace stackctl::engine {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

struct Exchange {
  const BodySink* sink = nullptr;
  HttpResponse response;
  bool stopped = false;
  std::exception_ptr sink_error;
};

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::string line = trim(std::string(data, size * count));
  if (line.starts_with("HTTP/")) {  // a new status line (after a 100 Continue, too)
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 + 1);
    ex->response.status = std::atoi(line.c_str() + sp1 + 1);
    ex->response.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
    ex->response.content_type.clear();
  } else if (line.size() > 13 && strncasecmp(line.c_str(), "content-type:", 13) == 0) {
    ex->response.content_type = trim(line.substr(13));
    ex->response.content_type.erase(0, ex->response.content_type.find_first_not_of(' '));
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  const int status = ex->response.status;
  if (ex->sink && *ex->sink && status >= 200 && status < 300) {
    try {
      if (!(*ex->sink)(std::string_view(data, n))) {
        ex->stopped = true;
        return 0;
      }
    } catch (...) {
      ex->sink_error = std::current_exception();
      return 0;
    }
    return n;
  }
  ex->response.body.append(data, n);
  return n;
}

std::string base_url(const EndpointConfig& e) {
  std::string url;
  if (e.kind == EndpointConfig::Kind::unix_socket) {
    url = "http://localhost";
  } else {
    const bool v6 = e.host.find(':') != std::string::npos;
    url =
        std::string(e.tls ? "https://" : "http://") + (v6 ? "[" + e.host + "]" : e.host) + ":" + std::to_string(e.port);
  }
  return url + "/v" + e.api_version;
}

std::string connect_hint(int os_errno) {
  switch (os_errno) {
    case ENOENT:
      return " (no such socket; is dockerd running?)";
    case EACCES:
    case EPERM:
      return " (is this user in the docker group?)";
    case ECONNREFUSED:
      return " (is dockerd running?)";
    default:
      return "";
  }
}

[[noreturn]] void throw_transport_error(const EndpointConfig& e, const HttpRequest& r, CURLcode code, CURL* curl,
                                        const char* errbuf, std::chrono::milliseconds timeout) {
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  const std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(code);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    throw ConnectionError("timed out after " + std::to_string(timeout.count()) + " ms: " + r.method + " " + r.path +
                              " at " + e.url() + ": " + detail,
                          true);
  }
  std::string reason = detail;
  if (code == CURLE_COULDNT_CONNECT && os_errno != 0)
    reason = std::strerror(static_cast<int>(os_errno)) + connect_hint(static_cast<int>(os_errno));
  throw ConnectionError("cannot reach the Docker daemon at " + e.url() + ": " + reason, false);
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

Transport::Transport(EndpointConfig endpoint) : endpoint_(std::move(endpoint)) { global_init(); }

HttpResponse Transport::send(const HttpRequest& request, const BodySink& sink) const {
  std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) throw std::runtime_error("curl_easy_init failed");
  CURL* c = handle.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  Exchange ex;
  ex.sink = &sink;

  const std::string url = base_url(endpoint_) + request.path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(endpoint_.connect_timeout.count()));
  const auto timeout = request.timeout.count() == 0 ? endpoint_.request_timeout : request.timeout;
  if (timeout.count() > 0) curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  if (endpoint_.kind == EndpointConfig::Kind::unix_socket) {
    curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, endpoint_.socket_path.c_str());
  } else if (endpoint_.tls) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, endpoint_.tls_verify ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, endpoint_.tls_verify ? 2L : 0L);
    if (endpoint_.tls_verify) {
      curl_easy_setopt(c, CURLOPT_CAINFO, endpoint_.ca_file.c_str());
      // Only ca.pem may vouch for the daemon, as with the docker CLI. libcurl
      // also trusts its built-in CA folder (Debian: /etc/ssl/certs) unless
      // told not to, which would accept any publicly issued certificate for
      // the host's name (tests/docker/remote_tls_test.sh proves this).
      curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
    }
    std::error_code ec;
    if (std::filesystem::exists(endpoint_.cert_file, ec) && std::filesystem::exists(endpoint_.key_file, ec)) {
      curl_easy_setopt(c, CURLOPT_SSLCERT, endpoint_.cert_file.c_str());
      curl_easy_setopt(c, CURLOPT_SSLKEY, endpoint_.key_file.c_str());
    }
  }

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
  add_header("Expect:");
  if (request.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method != "DELETE" || !request.body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      if (!request.content_type.empty()) add_header("Content-Type: " + request.content_type);
    }
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);

  const CURLcode code = curl_easy_perform(c);
  if (ex.sink_error) std::rethrow_exception(ex.sink_error);
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && ex.stopped))
    throw_transport_error(endpoint_, request, code, c, errbuf, timeout);
  return std::move(ex.response);
}

}  // namespace stackctl::engine
