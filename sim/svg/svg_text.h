// Text placed in SVG or HTML by the plots and timelines: escaped so that ids, names and event
// JSON can never break the markup (attributes are always written in double quotes). Control
// characters, which XML 1.0 does not allow even as references, become U+FFFD (the replacement
// character); tab, newline and carriage return stay.
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
      case '\t':
      case '\n':
      case '\r': out.push_back(c); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace clustersim::sim
