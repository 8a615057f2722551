// The election model's datadriven commands (tests/testdata/raft/): a few RaftNodes wired to
// a message queue the script delivers, drops and reorders by hand, on a clock the script
// advances. Every input prints what the model did, in order: its reasons (the decision log),
// messages, timers and observations. The invariant checker runs after every input.
//
//   cluster ids=ctrl1,ctrl2,ctrl3 [non_voters=ctrl3] [pre_vote=true] [stickiness=true]
//           [heartbeat=1s] [election=1s] [lease=500ms] [mode=range min=150ms max=300ms interval=50ms]
//   start                          every node starts as a follower
//   random ctrl1 fraction=0.5      its draws from [low, high) take this point (by default the
//                                  k-th node's is 0.3k mod 1: 0, 0.3, 0.6, 0.9, 0.2, ...)
//   tick 1s                        advance the clock, firing due timers in time order
//   fire ctrl1 follower [peer=ctrl2]   fire one armed timer now, whatever its deadline
//   deliver [from=ctrl1] [to=ctrl2] [type=RequestVote] [count=1]   pending messages, in order sent
//   drop [from=..] [to=..] [type=..]   lose pending messages
//   stabilize                      deliver rounds of messages until none is in flight
//   run 2s                         a live cluster: timers fire in order and every message is
//                                  delivered at once; prints only reasons and observations
//   cut ctrl1 ctrl2 / mend ctrl1 ctrl2 / isolate ctrl1 / heal   messages sent on a cut link are lost
//   pending                        the messages in flight
//   write ctrl1                    a client write
//   crash ctrl1 / restart ctrl1    volatile state lost; term, vote and log kept
//   status                         every node's role, term, leader, vote, log and commit index
#pragma once

#include <memory>
#include <string>

#include "tests/datadriven/datadriven.h"

namespace clustersim::testing {

class RaftInterpreter {
 public:
  RaftInterpreter();
  ~RaftInterpreter();
  std::string run(const Command& command);

 private:
  struct World;
  std::unique_ptr<World> world_;
};

}  // namespace clustersim::testing
