// clustersim_cause_accuracy SCENARIO.json...: the root-cause experiment page
// (experiments/root_cause.md, written by tools/experiments.sh) on standard output.
#include <exception>
#include <iostream>

#include "sim/experiment/cause_accuracy.h"
#include "sim/scenario/scenario_parser.h"

int main(int argc, char** argv) {
  using namespace clustersim::sim;
  if (argc < 2) {
    std::cerr << "usage: clustersim_cause_accuracy SCENARIO.json...\n";
    return 2;
  }
  std::vector<Scenario> scenarios;
  try {
    for (int i = 1; i < argc; ++i) scenarios.push_back(load_scenario(argv[i]));
  } catch (const std::exception& error) {
    std::cerr << "clustersim_cause_accuracy: " << error.what() << "\n";
    return 2;
  }
  std::cout << cause_accuracy_page(measure_cause_accuracy(scenarios), "tools/experiments.sh (clustersim_cause_accuracy scenarios/*.json)");
  return 0;
}
