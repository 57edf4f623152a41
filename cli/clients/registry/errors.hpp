// Errors of the registry client. RegistryError carries the HTTP status (0 when
// the registry could not be reached) and the registry's errors[].code values;
// its text never contains credentials or tokens (see Redactor).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace stackctl::registry {

class RegistryError : public std::runtime_error {
 public:
  RegistryError(const std::string& what, int status = 0, std::vector<std::string> codes = {})
      : std::runtime_error(what), status_(status), codes_(std::move(codes)) {}

  int status() const { return status_; }                         // 0: no HTTP answer
  const std::vector<std::string>& codes() const { return codes_; }  // "UNAUTHORIZED", "BLOB_UNKNOWN", ...

 private:
  int status_;
  std::vector<std::string> codes_;
};

/// Replaces every occurrence of each secret (at least 4 characters long) in
/// a text by "[redacted]"; used on everything that can reach an error message.
class Redactor {
 public:
  void add(const std::string& secret);
  std::string operator()(std::string text) const;

 private:
  std::vector<std::string> secrets_;
};

/// The registry's JSON error body {"errors":[{"code":..,"message":..}]} as
/// "CODE: message; CODE2: message2", with the codes in `codes`; any other
/// body: its first 200 characters on one line.
std::string describe_error_body(const std::string& body, std::vector<std::string>* codes = nullptr);

}  // namespace stackctl::registry
