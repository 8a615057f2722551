// Monte Carlo sweeps: a scenario, some of its fields set to several values (any field, by
// JSON path), N seeds per combination, and metrics per trial. `clustersim sweep` runs them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/observation_record.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation/run_result.h"

namespace clustersim::sim {

// --set path=v1,v2,...  A value that reads as JSON (a number, true, false) is that; anything
// else is a string ("150ms").
struct SweepAxis {
  std::string path;  // "cluster.election_timeout_min", "timeline[0].at"
  std::vector<std::string> values;
};

// Parses "path=v1,v2"; throws ScenarioError (scenario_parser.h) if malformed.
SweepAxis parse_axis(const std::string& text);

struct Combination {
  std::string label;  // "cluster.election_timeout_max=155ms, tracker.stability_window=2s"
  Scenario scenario;
};

// Every combination of the axes' values applied to the scenario text, each validated as a
// scenario file is. Throws ScenarioError naming the combination and the problem.
std::vector<Combination> expand_sweep(const std::string& scenario_text, const std::string& file,
                                      const std::vector<SweepAxis>& axes);

struct Trial {
  std::size_t combination;
  std::uint64_t seed;
  std::map<std::string, std::optional<double>> metrics;
  std::optional<LimitBreach> limit;  // a kernel limit that stopped this trial
  Time ended = time_zero;            // where it stopped: its scenario's end unless its metrics were decided sooner
  bool ended_early = false;
  std::optional<ObservationRecord> observations;  // with --observations
};

struct Summary {
  std::size_t measured = 0, missing = 0;
  double min = 0, median = 0, mean = 0, p99 = 0, max = 0;
};

Summary summarize(std::vector<double> values, std::size_t missing);

}  // namespace clustersim::sim
