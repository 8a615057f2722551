// Writing output files so that a file that exists is complete: the text goes to a temporary
// file beside the target, which is renamed into place only once fully written. A run that
// fails or is interrupted leaves no half-written file looking finished.
#pragma once

#include <stdexcept>
#include <string>

namespace clustersim::sim {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws OutputError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& text);

// The whole file, or throws OutputError naming it.
std::string read_file(const std::string& path);

}  // namespace clustersim::sim
