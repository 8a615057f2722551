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

// The other sizes a JSON text a person writes stays within, each refused with its line (the
// table in scenarios/README.md gives the reasons): the largest scenario in the library is
// under 8 KiB and a swarm-shrunk one about 4 KiB.
inline constexpr std::size_t json_text_bytes_max = std::size_t{4} << 20;  // 4 MiB
inline constexpr std::size_t json_values_max = 200'000;  // 10,000 actions of about a dozen values
inline constexpr std::size_t json_string_bytes_max = 4096;  // a name, a purpose sentence, an id
inline constexpr std::size_t json_key_bytes_max = 64;  // key words, and node ids as keys
// A value's line is kept under its path when the path is at most this long (five levels of
// scenario keys are about 60 bytes); a longer one is found through its closest ancestor, so
// the map stays linear in the text however deep and long the keys.
inline constexpr std::size_t json_path_recorded_max = 256;

// A parsed document and the line of each of its values, by JSON path ("timeline[2].node").
struct JsonText {
  nlohmann::json root;
  std::map<std::string, int> lines;
};

// Parses a whole JSON document read from `file`. Every way the text can be wrong ends in a
// JsonTextError naming the line: not JSON, a NUL byte, nesting deeper than json_depth_max, a
// number that does not fit a double, a key given twice in one object, a size beyond the
// limits above.
JsonText parse_json_text(std::string_view text, const std::string& file);

// 1-based line of the byte at `offset`.
int line_of_offset(std::string_view text, std::size_t offset);

}  // namespace clustersim::sim
