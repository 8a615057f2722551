// The `clustersim` command. Subcommands parse their own flags; bad usage exits with 2 and a
// message that says what was wrong.
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/demo.h"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_usage = 2;

constexpr const char* usage_text =
    "usage: clustersim <command> [options]\n"
    "\n"
    "commands:\n"
    "  demo [--seed N]   five nodes pinging through a faulty simulated network; prints\n"
    "                    what was sent, delivered and dropped, and the run's trace hash\n"
    "  help              this text\n"
    "\n"
    "examples:\n"
    "  clustersim demo\n"
    "  clustersim demo --seed 42\n"
    "\n"
    "exit codes: 0 success, 2 bad usage or bad input\n";

int usage_error(const std::string& problem) {
  std::fprintf(stderr, "clustersim: %s\n(run `clustersim help` for usage)\n", problem.c_str());
  return exit_usage;
}

bool parse_seed(std::string_view text, std::uint64_t& seed) {
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, seed);
  return error == std::errc{} && ptr == end && !text.empty();
}

int run_demo_command(const std::vector<std::string_view>& args) {
  std::uint64_t seed = 1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--seed") {
      if (i + 1 == args.size()) return usage_error("--seed needs a value");
      if (!parse_seed(args[++i], seed)) {
        return usage_error("--seed must be a whole number from 0 to 18446744073709551615, got \"" +
                           std::string(args[i]) + "\"");
      }
    } else {
      return usage_error("demo: unknown option \"" + std::string(args[i]) + "\"");
    }
  }
  const clustersim::sim::DemoReport report = clustersim::sim::run_demo(seed);
  std::fputs(clustersim::sim::format_demo_report(report).c_str(), stdout);
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string_view command = args.front();
  args.erase(args.begin());
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(usage_text, stdout);
    return exit_ok;
  }
  if (command == "demo") return run_demo_command(args);
  return usage_error("unknown command \"" + std::string(command) + "\"");
}
