// What many tests ask of a command's output or a log's summary: whether it contains a part.
#pragma once

#include <string>

namespace clustersim {

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace clustersim
