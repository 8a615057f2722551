// The `clustersim` command: dispatches to the subcommands in commands.h.
#include <iostream>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cluster/tracker_protocol.h"

namespace {

constexpr const char* usage_text =
    "usage: clustersim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.json [--seed N] [--policy openziti|stable] [--events OUT.jsonl]\n"
    "                    [--trace OUT.jsonl] [--timeline OUT.svg|OUT.html] [--observations OUT]\n"
    "                    [--tracker-cmd \"COMMAND ARGS\"] [--quiet] [--rewrite]\n"
    "                    run a scenario, check every oracle, print a summary\n"
    "  replay TRACE.jsonl  re-run a recorded trace and verify the identical event stream\n"
    "  check EVENTS.jsonl|-  check a real controller's event log (format and order)\n"
    "  swarm TEMPLATE.json --seeds N [--jobs J] [--shard I/N] [--out DIR]\n"
    "                      random faults per seed; failing seeds shrunk to scenario files\n"
    "  sweep SCENARIO.json --trials N [--set path=v1,v2]... [--metric M]... [--out F]\n"
    "                      [--plot F.svg] [--log] [--jobs J]   Monte Carlo experiments\n"
    "  vectors OUT_DIR [SCENARIO.json|DIR]...  test vectors for a tracker in any language:\n"
    "                      the built-in tracker's requests and answers (tracker protocol)\n"
    "  demo [--seed N]     five nodes pinging through a faulty simulated network\n"
    "  help                this text; `clustersim COMMAND --help` for one command\n"
    "  --version           the version, the commit it was built from, the tracker protocol\n"
    "\n"
    "exit codes: 0 all checks hold, 1 a check failed, 2 bad usage or bad input,\n"
    "            3 a liveness check failed, 130 interrupted\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace clustersim::sim;
  Args args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "clustersim: no command given\n\n" << usage_text;
    return exit_bad_input;
  }
  const std::string_view command = args.front();
  args.erase(args.begin());
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << usage_text;
    return exit_ok;
  }
  if (command == "--version" || command == "version") {
    std::cout << "clustersim " << CLUSTERSIM_VERSION << " (commit " << CLUSTERSIM_COMMIT << ", tracker protocol "
              << tracker_protocol_version << ")\n";
    return exit_ok;
  }
  if (command == "run") return run_command(args, std::cout, std::cerr);
  if (command == "replay") return replay_command(args, std::cout, std::cerr);
  if (command == "check") return check_command(args, std::cout, std::cerr);
  if (command == "demo") return demo_command(args, std::cout, std::cerr);
  if (command == "swarm") return swarm_command(args, std::cout, std::cerr);
  if (command == "sweep") return sweep_command(args, std::cout, std::cerr);
  if (command == "vectors") return vectors_command(args, std::cout, std::cerr);
  std::cerr << "clustersim: unknown command \"" << command << "\" (clustersim help)\n";
  return exit_bad_input;
}
