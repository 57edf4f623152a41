// Did-you-mean suggestions by edit distance, ninja-style.
#pragma once

#include <string>
#include <vector>

namespace stackctl::config {

size_t edit_distance(const std::string& a, const std::string& b);

/// The closest candidate within a distance that scales with the word's
/// length, or "" when nothing is close enough.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// " (did you mean \"x\"?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace stackctl::config
