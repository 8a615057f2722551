// Text placed in SVG or HTML by the plots and timelines: escaped so that ids and event JSON
// can never break the markup.
#pragma once

#include <string>

namespace clustersim::sim {

inline std::string svg_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace clustersim::sim
