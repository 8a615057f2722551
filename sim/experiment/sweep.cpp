#include "sim/experiment/sweep.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/scenario/json_lines.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

using Json = nlohmann::ordered_json;

Json value_of(const std::string& text) {
  try {
    Json parsed = Json::parse(text);
    if (parsed.is_number() || parsed.is_boolean()) return parsed;
  } catch (const Json::exception&) {
  }
  return text;
}

// Sets `path` (dots between keys, [i] for list items) in `root`, creating missing keys.
void set_path(Json& root, const std::string& path, const Json& value) {
  Json* node = &root;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string::npos) throw ScenarioError("--set " + path + ": a '[' without ']'");
      const std::string digits = path.substr(pos + 1, close - pos - 1);
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
        throw ScenarioError("--set " + path + ": \"[" + digits + "]\" is not a list index (a whole number)");
      }
      if (!node->is_array() || index >= node->size()) {
        throw ScenarioError("--set " + path + ": no list item " + std::to_string(index) + " there");
      }
      node = &(*node)[index];
      pos = close + 1;
      if (pos < path.size() && path[pos] == '.') ++pos;
    } else {
      const std::size_t end = path.find_first_of(".[", pos);
      const std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      if (!node->is_object()) throw ScenarioError("--set " + path + ": \"" + key + "\" is not inside an object");
      node = &(*node)[key];
      pos = end == std::string::npos ? path.size() : end;
      if (pos < path.size() && path[pos] == '.') ++pos;
    }
  }
  *node = value;
}

}  // namespace

SweepAxis parse_axis(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw ScenarioError("--set needs path=value1,value2,... (got \"" + text + "\")");
  }
  SweepAxis axis;
  axis.path = text.substr(0, equals);
  std::size_t start = equals + 1;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    axis.values.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (const std::string& v : axis.values) {
    if (v.empty()) throw ScenarioError("--set " + axis.path + ": an empty value");
  }
  // Paths and values go into the scenario's JSON text, its labels and the results file, all
  // UTF-8: the JSON library's own check says whether they are.
  try {
    static_cast<void>(Json(text).dump());
  } catch (const Json::exception&) {
    throw ScenarioError("--set: \"" + text.substr(0, equals) + "\": not UTF-8 text (a byte that starts no character)");
  }
  return axis;
}

std::vector<Combination> expand_sweep(const std::string& scenario_text, const std::string& file,
                                      const std::vector<SweepAxis>& axes) {
  std::vector<Combination> combinations;
  std::vector<std::size_t> choice(axes.size(), 0);
  try {
    parse_json_text(scenario_text, file);  // every problem of the text, with its line
  } catch (const JsonTextError& error) {
    throw ScenarioError(error.what());
  }
  const Json original = Json::parse(scenario_text);  // keeps the file's key order
  while (true) {
    Json root = original;
    std::string label;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const std::string& value = axes[a].values[choice[a]];
      set_path(root, axes[a].path, value_of(value));
      label += (label.empty() ? "" : ", ") + axes[a].path + "=" + value;
    }
    try {
      combinations.push_back({label.empty() ? "as written" : label, parse_scenario(root.dump(2), file)});
    } catch (const ScenarioError& error) {
      throw ScenarioError("with " + label + ": " + error.what());
    }
    std::size_t a = 0;
    while (a < axes.size() && ++choice[a] == axes[a].values.size()) choice[a++] = 0;
    if (a == axes.size()) break;
  }
  return combinations;
}

Summary summarize(std::vector<double> values, std::size_t missing) {
  Summary s;
  s.measured = values.size();
  s.missing = missing;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  auto quantile = [&](double q) {
    return values[std::min(values.size() - 1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - (q > 0 ? 1 : 0))];
  };
  s.min = values.front();
  s.max = values.back();
  s.median = quantile(0.5);
  s.p99 = quantile(0.99);
  double total = 0;
  for (double v : values) total += v;
  s.mean = total / static_cast<double>(values.size());
  return s;
}

}  // namespace clustersim::sim
