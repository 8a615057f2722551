// What a sweep came to, for programs: `sweep --json` (the verdict and, per combination, every
// metric's figures and the trials a kernel limit stopped, with reproduce commands) and
// `sweep --junit` (a test case per combination, failed when one of its trials was stopped).
// The per-trial figures stay in --out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/junit.h"
#include "sim/experiment/sweep.h"

namespace clustersim::sim {

struct StoppedTrial {
  std::uint64_t seed = 0;
  std::string failure;
  std::string reproduce;
};

struct MetricFigures {
  std::string metric;
  std::string unit;  // "ms", or "" for counts
  Summary figures;
};

struct CombinationReport {
  std::string label;
  std::string scenario;
  std::size_t trials_run = 0;
  std::vector<MetricFigures> metrics;
  std::vector<StoppedTrial> stopped;
};

struct SweepReport {
  std::uint64_t trials_per_combination = 0;
  bool interrupted = false;
  std::vector<CombinationReport> combinations;

  // 130 when interrupted, 1 when a trial was stopped, else 0.
  int exit_code() const;
};

nlohmann::json sweep_json(const SweepReport& report);
JunitSuite sweep_junit(const SweepReport& report);

}  // namespace clustersim::sim
