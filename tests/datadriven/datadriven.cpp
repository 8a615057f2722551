#include "tests/datadriven/datadriven.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/time.h"

namespace clustersim::testing {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

Command parse_command(const std::string& text, int line) {
  Command command;
  command.line = line;
  std::istringstream in(text);
  in >> command.name;
  std::string word;
  while (in >> word) {
    const auto equals = word.find('=');
    if (equals == std::string::npos) {
      command.words.push_back(word);
    } else {
      command.args[word.substr(0, equals)] = word.substr(equals + 1);
    }
  }
  return command;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

}  // namespace

std::string Command::get(const std::string& key, const std::string& fallback) const {
  const auto found = args.find(key);
  return found == args.end() ? fallback : found->second;
}

std::string Command::need(const std::string& key) const {
  const auto found = args.find(key);
  if (found == args.end()) throw ScriptError{name + " needs " + key + "="};
  return found->second;
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::chrono::nanoseconds script_duration(const std::string& text, const std::string& what) {
  try {
    return sim::parse_duration(text);
  } catch (const sim::DurationError& error) {
    throw ScriptError{what + ": " + error.what()};
  }
}

Script parse_script(const std::string& text) {
  Script script;
  const std::vector<std::string> lines = split_lines(text);
  std::vector<std::string> pending;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (blank(line) || line[0] == '#') {
      pending.push_back(line);
      continue;
    }
    Block block;
    block.comments = std::move(pending);
    pending.clear();
    block.command_text = line;
    block.command = parse_command(line, static_cast<int>(i + 1));
    if (i + 1 >= lines.size() || lines[i + 1] != "----") {
      throw ScriptError{"line " + std::to_string(i + 1) + ": a command is followed by a line \"----\""};
    }
    i += 2;
    std::string expected;
    for (; i < lines.size() && !blank(lines[i]); ++i) expected += (expected.empty() ? "" : "\n") + lines[i];
    block.expected = expected;
    script.blocks.push_back(std::move(block));
    if (i < lines.size()) pending.push_back(lines[i]);  // the blank line that ended it
  }
  script.trailing = std::move(pending);
  return script;
}

std::string format_script(const Script& script) {
  std::string out;
  for (const Block& block : script.blocks) {
    for (const std::string& comment : block.comments) out += comment + "\n";
    out += block.command_text + "\n----\n" + block.expected + "\n";
  }
  for (const std::string& line : script.trailing) out += line + "\n";
  // One blank line at most at the end.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

std::string run_script_file(const std::string& path, const std::function<std::string(const Command&)>& run) {
  std::ifstream in(path);
  if (!in) return path + ": cannot read";
  std::ostringstream text;
  text << in.rdbuf();
  Script script;
  try {
    script = parse_script(text.str());
  } catch (const ScriptError& error) {
    return path + ":" + error.message;
  }
  if (script.blocks.empty() || script.blocks.front().comments.empty() || script.blocks.front().comments.front().rfind("# ", 0) != 0) {
    return path + ": a file opens with a paragraph of purpose (\"# ...\")";
  }
  const char* rewrite_env = std::getenv("CLUSTERSIM_REWRITE");
  const bool rewrite = rewrite_env != nullptr && std::string(rewrite_env) == "1";
  std::string mismatches;
  for (Block& block : script.blocks) {
    std::string got;
    try {
      got = run(block.command);
    } catch (const ScriptError& error) {
      return path + ":" + std::to_string(block.command.line) + ": " + block.command.name + ": " + error.message;
    }
    // Outputs never hold blank lines (they end a block) nor end with a newline.
    std::string cleaned;
    for (const std::string& line : split_lines(got)) {
      if (!blank(line)) cleaned += (cleaned.empty() ? "" : "\n") + line;
    }
    if (cleaned.empty()) cleaned = "ok";
    if (cleaned != block.expected) {
      if (rewrite) {
        block.expected = cleaned;
      } else {
        mismatches += path + ":" + std::to_string(block.command.line) + ": " + block.command_text + "\n--- expected\n" +
                      block.expected + "\n--- got\n" + cleaned + "\n";
      }
    }
  }
  if (rewrite) std::ofstream(path) << format_script(script);
  return mismatches;
}

std::vector<std::string> script_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace clustersim::testing
