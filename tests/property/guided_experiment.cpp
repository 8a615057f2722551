// How much guided exploration (`swarm --guided`, sim/swarm/guidance.h) shortens the search for
// a bug: for each of the project's mutant trackers, the worlds a swarm runs until the first one
// that fails, without guidance and with it, on the same template, from STARTS different first
// seeds (1, 100001, 200001, ...: independent swarms). Prints a Markdown table per template
// (experiments/guided_exploration.md is its output).
//
//   clustersim_guided_experiment [--input-faults] [--starts R] [--worlds-max N] TEMPLATE.json...
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "sim/scenario/scenario_parser.h"
#include "sim/swarm/guidance.h"
#include "tests/property/mutant_trackers.h"

namespace clustersim::sim {
namespace {

// The first world (counted from 1) that fails with the mutant, or nothing within `worlds_max`.
std::optional<std::uint64_t> worlds_to_failure(const Scenario& tmpl, testing::Mutant mutant, const WorldOptions& base,
                                               bool guided, std::uint64_t first_seed, std::uint64_t worlds_max) {
  const TrackerFactory trackers = testing::mutant_factory(mutant, tmpl.node_ids());
  GuidedWeights guidance(base);
  std::vector<SeedOutcome> batch;
  for (std::uint64_t seed = first_seed; seed < first_seed + worlds_max; ++seed) {
    const WorldOptions& options = guided ? guidance.options() : base;
    const WorldSpec spec = swarm_spec(seed, options);
    const Scenario world = swarm_world(tmpl, spec, options);
    const WorldVerdict verdict = judge_world(world, &trackers);
    if (verdict.exit_code != 0) return seed - first_seed + 1;
    SeedOutcome outcome;
    outcome.seed = seed;
    outcome.marks = verdict.marks;
    outcome.kinds_drawn = kinds_drawn(spec);
    batch.push_back(std::move(outcome));
    if (batch.size() == guided_batch_seeds) {
      guidance.learn(batch);
      batch.clear();
    }
  }
  return std::nullopt;
}

// "12, 7, 30 (total 49)": each start's count, and their sum (a search not found counts its cap).
struct Searches {
  std::string text;
  std::uint64_t total = 0;
  int missed = 0;
  void add(const std::optional<std::uint64_t>& worlds, std::uint64_t worlds_max) {
    text += (text.empty() ? "" : ", ") + (worlds ? std::to_string(*worlds) : "-");
    total += worlds ? *worlds : worlds_max;
    missed += worlds ? 0 : 1;
  }
  std::string shown() const {
    return text + " (total " + std::to_string(total) + (missed > 0 ? ", " + std::to_string(missed) + " not found" : "") + ")";
  }
};

int run(int argc, char** argv) {
  std::uint64_t worlds_max = 2000, starts = 5;
  bool input_faults = false;
  std::vector<std::string> templates;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--input-faults") {
      input_faults = true;
    } else if (arg == "--starts" && i + 1 < argc) {
      starts = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--worlds-max" && i + 1 < argc) {
      worlds_max = std::strtoull(argv[++i], nullptr, 10);
    } else {
      templates.push_back(arg);
    }
  }
  if (templates.empty() || starts == 0 || worlds_max == 0) {
    std::cerr << "usage: clustersim_guided_experiment [--input-faults] [--starts R] [--worlds-max N] TEMPLATE.json...\n";
    return 2;
  }
  WorldOptions base;
  base.weights = WorldOptions::default_weights(input_faults);
  base.guided = true;
  for (const std::string& path : templates) {
    const Scenario tmpl = load_scenario(path);
    std::cout << "Template " << tmpl.name << (input_faults ? ", with --input-faults" : "") << ": worlds to the first failure from "
              << starts << " first seeds (1, 100001, ...), at most " << worlds_max << " worlds each (\"-\": not found):\n\n"
              << "| mutant | unguided | guided |\n|---|---|---|\n";
    for (const testing::Mutant mutant : testing::all_mutants) {
      Searches plain, guided;
      for (std::uint64_t start = 0; start < starts; ++start) {
        const std::uint64_t first = 1 + start * 100000;
        plain.add(worlds_to_failure(tmpl, mutant, base, false, first, worlds_max), worlds_max);
        guided.add(worlds_to_failure(tmpl, mutant, base, true, first, worlds_max), worlds_max);
      }
      std::cout << "| " << testing::mutant_name(mutant) << " | " << plain.shown() << " | " << guided.shown() << " |\n"
                << std::flush;
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace clustersim::sim

int main(int argc, char** argv) { return clustersim::sim::run(argc, argv); }
