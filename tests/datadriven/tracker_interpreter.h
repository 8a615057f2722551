// The leader-state tracker's datadriven commands (tests/testdata/tracker/): one tracker, told
// observations at times the script gives, woken when the script says or at its own deadlines.
// Every command prints the events emitted (OpenZiti JSON, timestamps from an epoch of
// 2025-01-01T00:00:00Z) and the tracker's next wake-up deadline.
//
//   tracker policy=stable window=2s self=ctrl2 members=ctrl1,ctrl2,ctrl3
//   start at=0s
//   leader ctrl1 term=1 at=1s        the raft leader is now ctrl1 ("leader none" clears it)
//   state leader term=2 at=3s        the node's raft role (follower, candidate, leader, shutdown)
//   members ctrl1,ctrl2 index=7 at=4s   a new configuration, stored at that raft index
//   wake at=2s                       an on_wakeup, due or not
//   run until=10s                    wake at each deadline up to then, as an embedder's timer would
//   reported                         the leader state last reported
#pragma once

#include <memory>
#include <string>

#include "tests/datadriven/datadriven.h"

namespace clustersim::testing {

class TrackerInterpreter {
 public:
  TrackerInterpreter();
  ~TrackerInterpreter();
  std::string run(const Command& command);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clustersim::testing
