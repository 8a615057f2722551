#include "sim/scenario/json_lines.h"

#include <optional>
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

namespace {

// Walks `text` value by value, calling `seen(path, line)` for each; stops when it returns false.
template <typename Seen>
void walk_values(std::string_view text, Seen&& seen) {
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
      if (!seen(path, line)) return;
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
}

}  // namespace

namespace {

// A key given twice in one object: its path, the line of the second and of the first.
struct DuplicateKey {
  std::string path;
  int line = 0;
  int first_line = 0;
};

// Fills `lines` with where each value sits, stopping at the first key given twice in one
// object: every value of a document has a path of its own unless a key is repeated.
std::optional<DuplicateKey> map_lines(std::string_view text, std::map<std::string, int>& lines) {
  std::optional<DuplicateKey> duplicate;
  walk_values(text, [&](const std::string& path, int line) {
    const auto [it, fresh] = lines.emplace(path, line);
    if (!fresh) duplicate = DuplicateKey{path, line, it->second};
    return fresh;
  });
  return duplicate;
}

}  // namespace

namespace {

// The deepest nesting of objects and arrays in `text`, and the offset where it first exceeds
// `limit` (strings are skipped, so brackets inside them do not count).
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
  // One walk gives the lines of every value and finds a repeated key.
  if (const auto duplicate = map_lines(text, parsed.lines)) {
    throw JsonTextError(file + ":" + std::to_string(duplicate->line) + ": " +
                        (duplicate->path.empty() ? std::string("(top level)") : duplicate->path) +
                        ": a key given twice in one object (first at line " +
                        std::to_string(duplicate->first_line) + ")");
  }
  return parsed;
}

int line_of_offset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

}  // namespace clustersim::sim
