// Target: the scenario reader. Any bytes either become a Scenario or a ScenarioError whose
// message names the file; an accepted scenario written back out reads as the same scenario.
#include "fuzz/fuzz_target.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"

using namespace clustersim::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Scenario scenario;
  try {
    scenario = parse_scenario(clustersim::fuzz::as_text(data, size), "fuzz.json");
  } catch (const ScenarioError& error) {
    if (std::string_view(error.what()).rfind("fuzz.json", 0) != 0) clustersim::fuzz::broken("an error without the file name");
    return 0;
  }
  const std::string written = write_scenario(scenario);
  try {
    const Scenario again = parse_scenario(written, "fuzz.json");
    if (write_scenario(again) != written) clustersim::fuzz::broken("a written scenario reads back differently");
  } catch (const ScenarioError&) {
    clustersim::fuzz::broken("the writer wrote a scenario its reader refuses");
  }
  return 0;
}
