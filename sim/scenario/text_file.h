// Reading an input file whole, within a size limit: a scenario, a trace or a golden stream.
// A path that is a folder, cannot be opened, or holds more than the limit (a device such as
// /dev/zero never ends) is refused with the path and the reason, never read without bound.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace clustersim::sim {

// what() is "PATH: problem".
class TextFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The file's bytes, at most `max_bytes` of them; "-" reads standard input.
std::string read_text_file(const std::string& path, std::size_t max_bytes);

}  // namespace clustersim::sim
