// Reading a JSON text a person wrote: the document, and the line of each value by JSON path
// ("timeline[2].node"), so that scenario errors can name the line to fix. nlohmann_json
// parses the text; a small scanner maps the lines over text nlohmann has already accepted.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clustersim::sim {

// Thrown by parse_json_text; what() is "FILE:LINE: problem", in words a person can act on.
class JsonTextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Nesting deeper than this is refused before parsing: no file a person writes needs it, and
// a reader's memory must stay bounded whatever the input (scenarios nest about five deep).
inline constexpr int json_depth_max = 64;

// A parsed document and the line of each of its values, by JSON path ("timeline[2].node").
struct JsonText {
  nlohmann::json root;
  std::map<std::string, int> lines;
};

// Parses a whole JSON document read from `file`. Every way the text can be wrong ends in a
// JsonTextError naming the line: not JSON, a NUL byte, nesting deeper than json_depth_max, a
// number that does not fit a double, a key given twice in one object.
JsonText parse_json_text(std::string_view text, const std::string& file);

// 1-based line of the byte at `offset`.
int line_of_offset(std::string_view text, std::size_t offset);

}  // namespace clustersim::sim
