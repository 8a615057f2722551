// Where each value of a JSON text sits: a map from JSON path ("timeline[2].node") to its
// line number, so that scenario errors can name the line a person has to fix. nlohmann_json
// parses the text; this scanner only runs over text it has already accepted.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace clustersim::sim {

std::map<std::string, int> json_value_lines(std::string_view text);

// 1-based line of the byte at `offset`.
int line_of_offset(std::string_view text, std::size_t offset);

}  // namespace clustersim::sim
