// The `clustersim` command: dispatches to the subcommands in commands.h.
#include <iostream>
#include <string>

#include "sim/cli/build_info.h"
#include "sim/cli/commands.h"
#include "sim/cluster/tracker_protocol.h"

namespace {

constexpr const char* usage_text =
    "usage: clustersim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.json|DIR... [--seed N] [--policy P[,P]] [--jobs J] [--json F] [--junit F]\n"
    "                    [--store DIR] [--events F] [--trace F] [--timeline F.svg|F.html] ...\n"
    "                    run scenarios, check every oracle: a summary (one) or a table (several)\n"
    "  replay TRACE.jsonl  re-run a recorded trace and verify the identical event stream\n"
    "  check LOG... [--json F] [--junit F] [--timeline F] [--follow] ...\n"
    "                    check a real controller's event log: rules, leaderless causes, what-ifs\n"
    "  swarm TEMPLATE.json --count N [--seed-start S] [--shard I/N] [--jobs J] [--out DIR] ...\n"
    "                    random faults per seed, a results file per task; failing seeds shrunk\n"
    "                    to scenario files, grouped by failure signature\n"
    "  swarm merge DIR... [--json F] [--junit F]  the results of a swarm's tasks: coverage of\n"
    "                    the seed range, failures by signature, reproducers replayed\n"
    "  sweep SCENARIO.json --trials N [--set path=v1,v2]... [--metric M]... [--out F]\n"
    "                    [--plot F.svg] [--json F] [--junit F] [--jobs J]   Monte Carlo experiments\n"
    "  vectors OUT_DIR [SCENARIO.json|DIR]...  test vectors for a tracker in any language:\n"
    "                    the built-in tracker's requests and answers (tracker protocol)\n"
    "  demo [--seed N] [--policy P]  a leader crash: the truth beside each tracker's view\n"
    "  demo network [--seed N]       five nodes pinging through a faulty simulated network\n"
    "  help                          this text; `clustersim COMMAND --help` for one command\n"
    "  --version                     the version, the commit built, the tracker protocol\n"
    "\n"
    "exit codes: 0 all checks hold, 1 a check failed, 2 bad usage or bad input,\n"
    "            3 a liveness check failed, 4 (swarm merge) seeds missing or repeated,\n"
    "            130 interrupted\n";

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
    std::cout << "clustersim " << build_version() << " (commit " << build_commit() << ", tracker protocol "
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
