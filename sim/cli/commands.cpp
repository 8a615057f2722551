// What the subcommands share: whole-number arguments, usage errors, loading a scenario file.
#include "sim/cli/commands.h"

#include <charconv>

#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {

bool parse_whole_number(std::string_view text, std::uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc{} && end == text.data() + text.size();
}

std::optional<std::string_view> option_value(const Args& args, std::size_t& i) {
  if (i + 1 >= args.size() || args[i + 1].starts_with("--")) return std::nullopt;
  return args[++i];
}

int usage_error(std::string_view command, std::string_view problem, std::ostream& err) {
  err << "clustersim " << command << ": " << problem << "\n(clustersim " << command
      << " --help for usage)\n";
  return exit_bad_input;
}

bool load_scenario_or_report(std::string_view command, const std::string& path, Scenario& scenario,
                             std::ostream& err) {
  try {
    scenario = load_scenario(path);
    return true;
  } catch (const ScenarioError& error) {
    err << "clustersim " << command << ": " << error.what() << "\n";
    return false;
  }
}

}  // namespace clustersim::sim
