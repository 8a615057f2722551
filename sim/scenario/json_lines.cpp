#include "sim/scenario/json_lines.h"

#include <optional>
#include <vector>

namespace clustersim::sim {
namespace {

// Where the scan found the text beyond a limit, or a key given twice.
struct ScanProblem {
  std::string path;
  int line = 0;
  std::string problem;
};

// One open object or array during the scan.
struct Frame {
  bool is_object;
  std::string path;                 // of the container itself
  std::string key;                  // object: the key whose value comes next
  int index = 0;                    // array: the index of the value that comes next
  bool expecting_key = true;
  std::map<std::string, int> keys;  // object: the keys given so far, with their lines
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

// Walks text that nlohmann has accepted, value by value: records the line of each value whose
// path is short enough (a longer one is found through its closest recorded ancestor, as the
// reader's errors already do), and stops at the first key given twice or size beyond a limit.
// Memory stays linear in the text: a path is kept only up to json_path_recorded_max bytes.
std::optional<ScanProblem> scan(std::string_view text, std::map<std::string, int>& lines) {
  std::vector<Frame> stack;
  int line = 1;
  std::size_t pos = 0, values = 0;
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
      Frame& frame = stack.back();
      frame.key = read_string(text, pos);
      frame.expecting_key = false;
      if (frame.key.size() > json_key_bytes_max) {
        return ScanProblem{frame.path, line, "a key longer than " + std::to_string(json_key_bytes_max) + " bytes (\"" +
                                                 frame.key.substr(0, 16) + "...\")"};
      }
      const auto [first, fresh] = frame.keys.emplace(frame.key, line);
      if (!fresh) {
        return ScanProblem{child_path(frame), line,
                           "a key given twice in one object (first at line " + std::to_string(first->second) + ")"};
      }
    } else {
      const std::string path = stack.empty() ? std::string() : child_path(stack.back());
      if (++values > json_values_max) {
        return ScanProblem{path, line, "more than " + std::to_string(json_values_max) + " values in one text"};
      }
      if (path.size() <= json_path_recorded_max) lines.emplace(path, line);
      if (c == '{' || c == '[') {
        stack.push_back(Frame{c == '{', path, std::string(), 0, true, {}});
        ++pos;
      } else if (c == '"') {
        if (read_string(text, pos).size() > json_string_bytes_max) {
          return ScanProblem{path, line, "a string longer than " + std::to_string(json_string_bytes_max) + " bytes"};
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' &&
               text[pos] != '\n' && text[pos] != ' ') {
          ++pos;
        }
      }
    }
  }
  return std::nullopt;
}

// The offset where the nesting of objects and arrays in `text` first exceeds `limit` (strings
// are skipped, so brackets inside them do not count).
std::optional<std::size_t> too_deep(std::string_view text, int limit) {
  int depth = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '"') {
      for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
        if (text[pos] == '\\') ++pos;
      }
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return pos;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann's messages begin "[json.exception.parse_error.101] parse error at line 1, ...":
// the part after the tag is the problem.
std::string without_tag(const std::string& what) {
  const auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

JsonText parse_json_text(std::string_view text, const std::string& file) {
  const auto fail = [&](std::size_t offset, const std::string& problem) -> JsonText {
    throw JsonTextError(file + ":" + std::to_string(line_of_offset(text, offset)) + ": " + problem);
  };
  if (text.size() > json_text_bytes_max) {
    return fail(0, "larger than " + std::to_string(json_text_bytes_max >> 20) + " MiB (" +
                       std::to_string(text.size()) + " bytes); no scenario needs that much");
  }
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return fail(nul, "a NUL byte: this is not a JSON text");
  }
  if (const auto deep = too_deep(text, json_depth_max)) {
    return fail(*deep, "nested deeper than " + std::to_string(json_depth_max) + " levels");
  }
  JsonText parsed;
  try {
    parsed.root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return fail(error.byte == 0 ? 0 : error.byte - 1, "not valid JSON: " + without_tag(error.what()));
  } catch (const nlohmann::json::out_of_range& error) {
    // The only range error of parsing: a number that does not fit a double ("1e400"). Its
    // message quotes the number; the first place it appears is where it is.
    const std::string what = error.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    const std::string number = open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
    const auto at = number.empty() ? std::string_view::npos : text.find(number);
    return fail(at == std::string_view::npos ? 0 : at,
                number.empty() ? without_tag(what) : "the number " + number + " does not fit a double");
  } catch (const nlohmann::json::exception& error) {
    return fail(0, "not valid JSON: " + without_tag(error.what()));
  }
  // One walk gives the lines of the values and finds a repeated key or a size beyond a limit.
  if (const auto problem = scan(text, parsed.lines)) {
    throw JsonTextError(file + ":" + std::to_string(problem->line) + ": " +
                        (problem->path.empty() ? std::string("(top level)") : problem->path) + ": " +
                        problem->problem);
  }
  return parsed;
}

int line_of_offset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

}  // namespace clustersim::sim
