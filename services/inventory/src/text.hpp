// Checks on the ids clients send (room, tag, sku).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inventory {

constexpr std::size_t max_id_chars = 200;

// Why `text` is not a usable id, or empty: it must be valid UTF-8, 1 to
// 200 characters, without control characters.
std::string id_problem(std::string_view text);

// The id or throws kit::HttpError 400 naming `what`.
std::string require_id(std::string_view text, const std::string& what);

}  // namespace inventory
