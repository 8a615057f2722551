// clustersim demo [--seed N] [--policy P] [--scenario]: a leader crash and the trackers' view
// of it (leader_crash_demo.h); `clustersim demo network [--seed N]`: the network demo (demo.h).
#include "sim/cli/commands.h"
#include "sim/cli/demo.h"
#include "sim/cli/leader_crash_demo.h"

namespace clustersim::sim {
namespace {

constexpr const char* demo_help =
    "usage: clustersim demo [--seed N] [--policy stable|openziti] [--scenario]\n"
    "       clustersim demo network [--seed N]\n"
    "\n"
    "Five controllers elect a leader; it crashes at 20s and is back at 35s. Prints, at\n"
    "every change, who really leads beside what each controller's tracker said, how long\n"
    "each tracker took from the crash to the new leader, what the other policy said, and\n"
    "the oracles' verdict (exit code as `clustersim run`).\n"
    "  --seed N      another world: other timings, maybe another leader (default 1)\n"
    "  --policy P    the policy whose events are shown (default stable)\n"
    "  --scenario    print the demo's scenario file instead, to run or change it\n"
    "network: five nodes ping each other through the simulated network with a flapping\n"
    "link, a partition, a one-way cut, a pause and a crash (the kernel and network alone).\n"
    "examples:\n"
    "  clustersim demo\n"
    "  clustersim demo --seed 7 --policy openziti\n"
    "  clustersim demo --scenario > crash.json && clustersim run crash.json --timeline crash.html\n";

}  // namespace

int demo_command(const Args& args, std::ostream& out, std::ostream& err) {
  std::uint64_t seed = 1;
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  bool network = false, scenario = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out << demo_help;
      return exit_ok;
    }
    if (arg == "network" && i == 0) {
      network = true;
    } else if (arg == "--scenario") {
      scenario = true;
    } else if (arg == "--seed") {
      const auto v = option_value(args, i);
      if (!v || !parse_whole_number(*v, seed)) {
        return usage_error("demo", "--seed needs a whole number from 0 to 18446744073709551615, got \"" +
                                       std::string(v.value_or("")) + "\"", err);
      }
    } else if (arg == "--policy") {
      const auto v = option_value(args, i);
      const auto parsed = model::parse_policy(v.value_or(""));
      if (!parsed) return usage_error("demo", "--policy must be stable or openziti, got \"" + std::string(v.value_or("")) + "\"", err);
      policy = *parsed;
    } else {
      return usage_error("demo", "unknown option \"" + std::string(arg) + "\" (clustersim demo --help lists them)", err);
    }
  }
  if (network && (scenario || policy != model::TrackerPolicy::stable)) {
    return usage_error("demo", "the network demo takes only --seed", err);
  }
  if (network) {
    out << format_demo_report(run_demo(seed));
    return exit_ok;
  }
  if (scenario) {
    out << leader_crash_demo_scenario;
    return exit_ok;
  }
  const LeaderCrashDemo demo = run_leader_crash_demo(seed, policy);
  out << demo.text;
  return demo.exit_code;
}

}  // namespace clustersim::sim
