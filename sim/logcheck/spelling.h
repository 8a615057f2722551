// Which known word a misspelt one was meant to be: for "did you mean" in messages about a
// log's event types and namespaces.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::sim::logcheck {

// Edit distance (insertions, deletions, substitutions, adjacent transpositions), ignoring
// letter case; stops counting past `limit` and returns limit + 1.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// The candidate within `limit` edits of `word` (the nearest; the first of equals), or nothing.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string_view>& candidates,
                                   std::size_t limit);

}  // namespace clustersim::sim::logcheck
