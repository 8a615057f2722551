// Where each value of a JSON text sits: a map from JSON path ("timeline[2].node") to its
// line number, so that scenario errors can name the line a person has to fix. nlohmann_json
// parses the text; this scanner only runs over text it has already accepted.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace clustersim::sim {

std::map<std::string, int> json_value_lines(std::string_view text);

// A key given twice in one object: its path, the line of the second and of the first.
struct DuplicateKey {
  std::string path;
  int line = 0;
  int first_line = 0;
};
// The first key given twice in one object of `text` (a JSON text already accepted), if any.
// JSON allows it and a parser silently keeps one of the values; a scenario refuses it.
std::optional<DuplicateKey> find_duplicate_key(std::string_view text);

// Thrown by parse_json_text; what() is "FILE:LINE: problem", in words a person can act on.
class JsonTextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Nesting deeper than this is refused before parsing: no file a person writes needs it, and
// a reader's memory must stay bounded whatever the input (scenarios nest about five deep).
inline constexpr int json_depth_max = 64;

// Parses a whole JSON document read from `file`. Every way the text can be wrong ends in a
// JsonTextError naming the line: not JSON, a NUL byte, nesting deeper than json_depth_max, a
// number that does not fit a double, a key given twice in one object.
nlohmann::json parse_json_text(std::string_view text, const std::string& file);

// 1-based line of the byte at `offset`.
int line_of_offset(std::string_view text, std::size_t offset);

}  // namespace clustersim::sim
