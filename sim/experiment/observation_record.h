// What a trial's nodes observed from the mark (the first crash, isolation, node flap or transfer) on, as
// the calibration against the real hashicorp/raft (tools/calibrate/) compares it: per node (a
// crashed one left out), the raft observations its tracker was given, in order, each a label
// the Go side writes alike: "state:Follower", "state:Candidate", "state:Leader", and
// "leader:self", "leader:other", "leader:none" (a leader named relative to the node, so that
// runs with different ids compare); and how many terms the first election after the mark
// took. `clustersim sweep --observations` writes it for every trial.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/simulation/run_result.h"

namespace clustersim::sim {

struct ObservationRecord {
  std::map<std::string, std::vector<std::string>> sequences;  // per node id, the crashed one left out
  // The first new leader's term less the highest term at the mark: 1 when the first election
  // after it succeeded. Nothing without a mark or a new leader.
  std::optional<std::uint64_t> terms_after_mark;
};

ObservationRecord record_observations(const RunResult& run);

}  // namespace clustersim::sim
