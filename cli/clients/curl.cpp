#include "clients/curl.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>

namespace stackctl::clients {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  const size_t first = s.find_first_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first);
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

struct CurlExchange::State {
  CURL* curl = nullptr;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
  std::unique_ptr<FILE, FileCloser> upload;
  bool read_failed = false;
  std::function<bool(int)> on_connected;  // via_loopback()

  // While perform() runs.
  HttpResponse* response = nullptr;
  const BodySink* sink = nullptr;
  size_t max_body = 0;
  bool stopped = false;
  std::exception_ptr sink_error;

  static size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* s = static_cast<State*>(user);
    const std::string line = trim(std::string(data, size * count));
    HttpResponse& r = *s->response;
    if (line.starts_with("HTTP/")) {  // a new status line (after a 100 Continue, too)
      const auto sp1 = line.find(' ');
      const auto sp2 = line.find(' ', sp1 + 1);
      r.status = std::atoi(line.c_str() + sp1 + 1);
      r.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
      r.headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace(name, trim(line.substr(colon + 1)));
    }
    return size * count;
  }

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* s = static_cast<State*>(user);
    const size_t n = size * count;
    HttpResponse& r = *s->response;
    if (s->sink && *s->sink && r.status >= 200 && r.status < 300) {
      try {
        if (!(*s->sink)(std::string_view(data, n))) {
          s->stopped = true;
          return 0;
        }
      } catch (...) {
        s->sink_error = std::current_exception();
        return 0;
      }
      return n;
    }
    if (r.body.size() < s->max_body) r.body.append(data, std::min(n, s->max_body - r.body.size()));
    return n;
  }

  static size_t on_read(char* buffer, size_t size, size_t count, void* user) {
    auto* s = static_cast<State*>(user);
    const size_t n = std::fread(buffer, 1, size * count, s->upload.get());
    if (n == 0 && std::ferror(s->upload.get())) {
      s->read_failed = true;
      return CURL_READFUNC_ABORT;
    }
    return n;
  }

  static int on_prereq(void* user, char*, char*, int, int local_port) {
    auto* s = static_cast<State*>(user);
    return s->on_connected(local_port) ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
  }
};

std::string HttpResponse::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> HttpResponse::all(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = headers.equal_range(name); it != end; ++it) out.push_back(it->second);
  return out;
}

CurlExchange::CurlExchange(const std::string& url) : state_(std::make_unique<State>()) {
  global_init();
  CURL* c = state_->curl = curl_easy_init();
  if (!c) throw std::runtime_error("curl_easy_init failed");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, state_->errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  header("Expect:");  // no 100-continue round trip before a body
}

CurlExchange::~CurlExchange() {
  curl_easy_cleanup(state_->curl);  // closes the connection (and a connected socket curl took)
  curl_slist_free_all(state_->headers);
  curl_slist_free_all(state_->connect_to);
}

void CurlExchange::method(const std::string& verb) {
  CURL* c = state_->curl;
  if (verb == "GET")
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  else if (verb == "HEAD")
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, verb.c_str());
}

void CurlExchange::body(std::string_view data) {
  curl_easy_setopt(state_->curl, CURLOPT_POSTFIELDS, data.data());
  curl_easy_setopt(state_->curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(data.size()));
}

bool CurlExchange::body_file(const std::filesystem::path& file, std::string& error) {
  state_->upload.reset(std::fopen(file.c_str(), "rb"));
  if (!state_->upload) {
    error.clear();
    return false;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  CURL* c = state_->curl;
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, State::on_read);
  curl_easy_setopt(c, CURLOPT_READDATA, state_.get());
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
  return true;
}

void CurlExchange::header(const std::string& line) {
  state_->headers = curl_slist_append(state_->headers, line.c_str());
}

void CurlExchange::connect_timeout(std::chrono::milliseconds limit) {
  curl_easy_setopt(state_->curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limit.count()));
}

void CurlExchange::total_timeout(std::chrono::milliseconds limit) {
  if (limit.count() > 0) curl_easy_setopt(state_->curl, CURLOPT_TIMEOUT_MS, static_cast<long>(limit.count()));
}

void CurlExchange::low_speed(long bytes_per_second, std::chrono::seconds window) {
  curl_easy_setopt(state_->curl, CURLOPT_LOW_SPEED_LIMIT, bytes_per_second);
  curl_easy_setopt(state_->curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(window.count()));
}

void CurlExchange::protocols(const std::string& list) {
  curl_easy_setopt(state_->curl, CURLOPT_PROTOCOLS_STR, list.c_str());
}

void CurlExchange::user_agent(const std::string& agent) {
  curl_easy_setopt(state_->curl, CURLOPT_USERAGENT, agent.c_str());
}

void CurlExchange::unix_socket(const std::string& path) {
  curl_easy_setopt(state_->curl, CURLOPT_UNIX_SOCKET_PATH, path.c_str());
}

void CurlExchange::tls(const TlsFiles& files) {
  CURL* c = state_->curl;
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, files.verify ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, files.verify ? 2L : 0L);
  if (files.verify) {
    curl_easy_setopt(c, CURLOPT_CAINFO, files.ca_file.c_str());
    // Only ca_file may vouch for the peer, as with the docker CLI. libcurl
    // also trusts its built-in CA folder (Debian: /etc/ssl/certs) unless
    // told not to, which would accept any publicly issued certificate for
    // the host's name (tests/docker/remote_tls_test.sh proves this).
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
  }
  std::error_code ec;
  if (std::filesystem::exists(files.cert_file, ec) && std::filesystem::exists(files.key_file, ec)) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, files.cert_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, files.key_file.c_str());
  }
}

void CurlExchange::via_loopback(int port, std::function<bool(int)> on_connected) {
  CURL* c = state_->curl;
  state_->on_connected = std::move(on_connected);
  curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, State::on_prereq);
  curl_easy_setopt(c, CURLOPT_PREREQDATA, state_.get());
  curl_slist_free_all(state_->connect_to);
  state_->connect_to = curl_slist_append(nullptr, ("::127.0.0.1:" + std::to_string(port)).c_str());
  curl_easy_setopt(c, CURLOPT_CONNECT_TO, state_->connect_to);
}

CurlOutcome CurlExchange::perform(HttpResponse& response, const BodySink& sink, size_t max_body) {
  State& s = *state_;
  CURL* c = s.curl;
  s.response = &response;
  s.sink = &sink;
  s.max_body = max_body;
  s.stopped = false;
  s.sink_error = nullptr;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, s.headers);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, State::on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, State::on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);

  const CURLcode code = curl_easy_perform(c);
  s.response = nullptr;
  s.sink = nullptr;
  if (s.sink_error) std::rethrow_exception(s.sink_error);
  CurlOutcome outcome;
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && s.stopped)) return outcome;
  outcome.detail = s.errbuf[0] ? s.errbuf : curl_easy_strerror(code);
  long os_errno = 0;
  curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
  outcome.os_errno = static_cast<int>(os_errno);
  if (s.read_failed)
    outcome.failure = CurlFailure::body_unreadable;
  else if (code == CURLE_OPERATION_TIMEDOUT)
    outcome.failure = CurlFailure::timed_out;
  else if (code == CURLE_COULDNT_CONNECT)
    outcome.failure = CurlFailure::cannot_connect;
  else if (code == CURLE_COULDNT_RESOLVE_HOST)
    outcome.failure = CurlFailure::cannot_resolve;
  else
    outcome.failure = CurlFailure::other;
  return outcome;
}

}  // namespace stackctl::clients
