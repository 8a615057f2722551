// Timeline actions that shape the run rather than fault it: client writes at a steady rate
// (they grow the leader's log, which the vote restriction reads), and stop_faults, which
// makes the world whole and starts the liveness phase.
#pragma once

#include "sim/scenario/action_support.h"

namespace clustersim::sim {

struct Writes {
  static constexpr std::string_view name = "writes";
  double rate_per_second = 0;  // (0, 100000]
  Time until = time_zero;      // after `at`, within the run

  static Writes read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

struct StopFaults {
  static constexpr std::string_view name = "stop_faults";
  Duration liveness_bound{0};  // the cluster must have converged this long after `at`

  static StopFaults read(const ActionInput& in);
  void write(ActionJson& out) const;
  // Heals every cut, restores every link's parameters, resumes paused nodes and restarts
  // crashed ones; the liveness check is due liveness_bound later.
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const { return FaultDrawing::cut(FaultDrawing::Shape::cut_ends); }
};

}  // namespace clustersim::sim
