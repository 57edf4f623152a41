// URL helpers of the upload protocol: resolving a Location header against the
// request URL, adding a query parameter, and the origin (scheme://host) of a URL.
#pragma once

#include <string>

namespace stackctl::registry {

/// "http://h:5000/v2/x/blobs/uploads/" + "/v2/x/blobs/uploads/u?_state=s"
///   -> "http://h:5000/v2/x/blobs/uploads/u?_state=s". Absolute locations are
/// kept, "//host/p" takes the request's scheme, "/p" its origin, "p" is
/// relative to the request path's folder.
std::string resolve_location(const std::string& request_url, const std::string& location);

/// Appends "key=value" (value URL-encoded) with '?' or '&' as needed.
std::string with_query_param(const std::string& url, const std::string& key, const std::string& value);

/// "https://host:443/a?b" -> "https://host:443"; lowercased scheme and host.
std::string url_origin(const std::string& url);

/// The URL without its query ("?...") and fragment: safe for error messages
/// (upload URLs carry opaque state in the query).
std::string url_without_query(const std::string& url);

}  // namespace stackctl::registry
