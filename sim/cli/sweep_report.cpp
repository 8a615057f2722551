#include "sim/cli/sweep_report.h"

#include "sim/cli/commands.h"
#include "sim/cli/run_record.h"

namespace clustersim::sim {

int SweepReport::exit_code() const {
  if (interrupted) return exit_interrupted;
  for (const CombinationReport& c : combinations) {
    if (!c.stopped.empty()) return exit_failed;
  }
  return exit_ok;
}

nlohmann::json sweep_json(const SweepReport& report) {
  nlohmann::json combinations = nlohmann::json::array();
  for (const CombinationReport& c : report.combinations) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const MetricFigures& m : c.metrics) {
      const Summary& f = m.figures;
      nlohmann::json figures = {{"unit", m.unit}, {"measured", f.measured}, {"missing", f.missing}};
      if (f.measured > 0) {  // no figures of nothing: absent rather than zeros
        figures.update({{"min", f.min}, {"median", f.median}, {"mean", f.mean}, {"p99", f.p99}, {"max", f.max}});
      }
      metrics[m.metric] = std::move(figures);
    }
    nlohmann::json stopped = nlohmann::json::array();
    for (const StoppedTrial& t : c.stopped) {
      stopped.push_back({{"seed", t.seed}, {"failure", t.failure}, {"reproduce", t.reproduce}});
    }
    combinations.push_back({{"label", c.label},
                            {"scenario", c.scenario},
                            {"trials_run", c.trials_run},
                            {"metrics", std::move(metrics)},
                            {"stopped_trials", std::move(stopped)}});
  }
  const int code = report.exit_code();
  return {{"command", "sweep"},
          {"verdict", verdict_name(code)},
          {"exit_code", code},
          {"complete", !report.interrupted},
          {"trials_per_combination", report.trials_per_combination},
          {"combinations", std::move(combinations)}};
}

JunitSuite sweep_junit(const SweepReport& report) {
  JunitSuite suite;
  suite.name = "sweep";
  for (const CombinationReport& c : report.combinations) {
    JunitCase test{"sweep." + c.scenario, c.label, std::nullopt, std::nullopt, std::nullopt};
    if (!c.stopped.empty()) {
      JunitFailure failure{"correctness",
                           std::to_string(c.stopped.size()) + " of " + std::to_string(c.trials_run) +
                               " trials stopped by a kernel limit; the first: seed " + std::to_string(c.stopped.front().seed) +
                               ": " + c.stopped.front().failure,
                           ""};
      for (const StoppedTrial& t : c.stopped) {
        failure.text += "seed " + std::to_string(t.seed) + ": " + t.failure + "\nreproduce: " + t.reproduce + "\n";
      }
      test.failure = std::move(failure);
    }
    suite.cases.push_back(std::move(test));
  }
  return suite;
}

}  // namespace clustersim::sim
