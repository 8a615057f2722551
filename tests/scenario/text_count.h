// How many times a piece of text occurs in a drawing or a report: what the timeline tests count.
#pragma once

#include <cstddef>
#include <string>

namespace clustersim::sim {

inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace clustersim::sim
