#include "sim/cli/tracker_option.h"

#include "sim/cluster/tracker_process.h"

namespace clustersim::sim {

bool TrackerOption::take(const Args& args, std::size_t& i, std::string& problem) {
  const std::string_view arg = args[i];
  if (arg != "--tracker-cmd" && arg != "--tracker-timeout") return false;
  const auto value = option_value(args, i);
  if (!value) {
    problem = std::string(arg) + " needs a value";
    return true;
  }
  if (arg == "--tracker-cmd") {
    std::string why;
    command = parse_tracker_command(*value, why);
    if (!command) problem = "--tracker-cmd: " + why;
    return true;
  }
  try {
    const Duration parsed = parse_duration(*value);
    if (parsed < std::chrono::milliseconds(1)) {
      problem = "--tracker-timeout must be at least 1ms";
    } else {
      timeout = std::chrono::duration_cast<std::chrono::milliseconds>(parsed);
    }
  } catch (const std::exception& error) {
    problem = std::string("--tracker-timeout: ") + error.what();
  }
  return true;
}

std::string TrackerOption::apply(Scenario& scenario) const {
  if (command) scenario.tracker_command = command;
  if (timeout) {
    if (!scenario.tracker_command) return "--tracker-timeout applies to a tracker command: give --tracker-cmd";
    scenario.tracker_command->timeout = *timeout;
  }
  if (!scenario.tracker_command) return "";
  try {
    TrackerProcess probe(scenario.tracker_command->argv, scenario.tracker_command->timeout);
  } catch (const TrackerStartError& error) {
    return error.what();
  }
  return "";
}

}  // namespace clustersim::sim
