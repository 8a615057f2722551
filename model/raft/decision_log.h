// Why the election model decided what it did, in words: "ctrl3 rejects RequestVote from ctrl2
// in term 4: already voted for ctrl1". Tests print it beside the model's messages (the
// datadriven files under tests/testdata/raft/), and a person diagnosing a run can attach one.
// A node without a log pays one untaken branch per decision and builds no text.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "model/raft/message.h"

namespace clustersim::model {

class DecisionLog {
 public:
  virtual ~DecisionLog() = default;
  // `why` names the node deciding first: "ctrl1 starts an election in term 2".
  virtual void decided(NodeIndex node, std::string_view why) = 0;
};

// A duration as decisions write it, in its largest whole unit: "1s", "150ms", "1500us".
std::string format_nanos(std::chrono::nanoseconds duration);

}  // namespace clustersim::model
