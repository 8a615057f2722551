// clustersim demo [--seed N]: the network demo (demo.h).
#include "sim/cli/commands.h"
#include "sim/cli/demo.h"

namespace clustersim::sim {

int demo_command(const Args& args, std::ostream& out, std::ostream& err) {
  std::uint64_t seed = 1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      out << "usage: clustersim demo [--seed N]\n\nFive nodes ping each other through a simulated "
             "network with a flapping link,\na partition, a one-way cut, a pause and a crash.\n";
      return exit_ok;
    }
    if (args[i] != "--seed") {
      err << "clustersim demo: unknown option \"" << args[i] << "\"\n";
      return exit_bad_input;
    }
    const std::string_view v = i + 1 < args.size() ? args[++i] : std::string_view();
    if (!parse_whole_number(v, seed)) {
      err << "clustersim demo: --seed must be a whole number from 0 to 18446744073709551615, got \""
          << v << "\"\n";
      return exit_bad_input;
    }
  }
  out << format_demo_report(run_demo(seed));
  return exit_ok;
}

}  // namespace clustersim::sim
