#include "sim/scenario/json_lines.h"

#include <vector>

namespace clustersim::sim {
namespace {

struct Frame {
  bool is_object;
  std::string path;   // of the container itself
  std::string key;    // object: the key whose value comes next
  int index = 0;      // array: the index of the value that comes next
  bool expecting_key = true;
};

std::string child_path(const Frame& frame) {
  if (!frame.is_object) return frame.path + "[" + std::to_string(frame.index) + "]";
  return frame.path.empty() ? frame.key : frame.path + "." + frame.key;
}

// Skips a string starting at text[pos] == '"'; returns its contents (escapes kept raw).
std::string read_string(std::string_view text, std::size_t& pos) {
  std::string value;
  ++pos;
  while (pos < text.size() && text[pos] != '"') {
    if (text[pos] == '\\' && pos + 1 < text.size()) value.push_back(text[pos++]);
    value.push_back(text[pos++]);
  }
  ++pos;  // the closing quote
  return value;
}

}  // namespace

std::map<std::string, int> json_value_lines(std::string_view text) {
  std::map<std::string, int> lines;
  std::vector<Frame> stack;
  int line = 1;
  std::size_t pos = 0;
  auto value_path = [&] { return stack.empty() ? std::string() : child_path(stack.back()); };
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\n') {
      ++line;
      ++pos;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == ':') {
      ++pos;
    } else if (c == ',') {
      if (!stack.empty()) {
        stack.back().expecting_key = true;
        ++stack.back().index;
      }
      ++pos;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      ++pos;
    } else if (c == '"' && !stack.empty() && stack.back().is_object && stack.back().expecting_key) {
      stack.back().key = read_string(text, pos);
      stack.back().expecting_key = false;
    } else {
      const std::string path = value_path();
      lines.emplace(path, line);
      if (c == '{' || c == '[') {
        stack.push_back(Frame{c == '{', path, std::string(), 0, true});
        ++pos;
      } else if (c == '"') {
        read_string(text, pos);
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' &&
               text[pos] != '\n' && text[pos] != ' ') {
          ++pos;
        }
      }
    }
  }
  return lines;
}

int line_of_offset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

}  // namespace clustersim::sim
