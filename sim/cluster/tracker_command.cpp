#include "sim/cluster/tracker_command.h"

namespace clustersim::sim {

std::optional<TrackerCommand> parse_tracker_command(std::string_view text, std::string& error) {
  TrackerCommand command;
  command.text = text;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) command.argv.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const std::size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) {
        error = "unclosed single quote at character " + std::to_string(i + 1);
        return std::nullopt;
      }
      word.append(text.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) ++j;
        word.push_back(text[j]);
      }
      if (j >= text.size()) {
        error = "unclosed double quote at character " + std::to_string(i + 1);
        return std::nullopt;
      }
      in_word = true;
      i = j;
    } else if (c == '\\' && i + 1 < text.size()) {
      word.push_back(text[++i]);
      in_word = true;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) command.argv.push_back(std::move(word));
  if (command.argv.empty()) {
    error = "no command to run";
    return std::nullopt;
  }
  return command;
}

}  // namespace clustersim::sim
