// The property suite's main: GoogleTest's, plus --tracker-cmd "COMMAND ARGS" (or
// $CLUSTERSIM_TRACKER_CMD) to run every random world with a tracker under test that speaks
// the tracker protocol, --tracker-timeout D for its answers, and --counterexamples DIR for
// where shrunk failing worlds are written (default: the build folder's counterexamples/).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "tests/property/world_gen.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);  // removes the flags it knows
  using clustersim::sim::parse_tracker_command;
  std::optional<std::string> text;
  std::optional<std::string> timeout;
  if (const char* from_env = std::getenv("CLUSTERSIM_TRACKER_CMD"); from_env != nullptr && *from_env != '\0') text = from_env;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--tracker-cmd" || arg == "--tracker-timeout") && i + 1 < argc) {
      (arg == "--tracker-cmd" ? text : timeout) = argv[++i];
    } else if (arg == "--counterexamples" && i + 1 < argc) {
      clustersim::sim::testing::counterexample_folder() = argv[++i];
    } else {
      std::cerr << "property_tests: unknown argument \"" << arg << "\"\n";
      return 2;
    }
  }
  if (text) {
    std::string why;
    auto command = parse_tracker_command(*text, why);
    if (!command) {
      std::cerr << "property_tests: --tracker-cmd: " << why << "\n";
      return 2;
    }
    if (timeout) {
      try {
        command->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(clustersim::sim::parse_duration(*timeout));
      } catch (const std::exception& error) {
        std::cerr << "property_tests: --tracker-timeout: " << error.what() << "\n";
        return 2;
      }
    }
    clustersim::sim::testing::tracker_under_test() = std::move(command);
    std::cerr << "property_tests: the tracker under test is \"" << *text << "\"\n";
  }
  return RUN_ALL_TESTS();
}
