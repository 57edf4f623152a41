// Kubernetes naming rules that every generated name must follow.
#pragma once

#include <string>

namespace stackctl::config {

/// RFC 1123 label: lowercase alphanumerics and '-', starts and ends with an
/// alphanumeric, at most `max` characters (63 for labels).
bool is_dns1123_label(const std::string& s, size_t max = 63);
/// Why `s` is not a DNS-1123 label, as a sentence fragment.
std::string dns1123_problem(const std::string& s, size_t max = 63);
/// A Kubernetes quantity such as "100m", "0.5", "128Mi", "1Gi".
bool is_quantity(const std::string& s);
/// An environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_env_name(const std::string& s);

}  // namespace stackctl::config
