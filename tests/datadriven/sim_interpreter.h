// Whole small worlds as datadriven scripts (tests/testdata/sim/): a Simulation driven by
// hand. Every `run` prints the tracker events of the run's policy emitted meanwhile (virtual
// time, node, type, leader) and who leads at its end.
//
//   world nodes=5 [policy=stable] [window=2s] [seed=1] [latency=1ms] [preset=openziti]
//         [non_voters=ctrl5] [not_members=ctrl5]
//   run 10s
//   crash leader | crash ctrl2 | restart ctrl2 | pause .. | resume .. | isolate ..
//                                           ("that": the node the last of these acted on)
//   heal
//   partition ctrl1,ctrl2 ctrl3,ctrl4,ctrl5
//   cut from=ctrl1 to=ctrl2,ctrl3           one way: ctrl1's messages to them are lost
//   flap ctrl2 period=4s down=0.75 for=60s  every link of ctrl2, from now
//   status                                  every node's process, role, term, leader and report
#pragma once

#include <memory>
#include <string>

#include "tests/datadriven/datadriven.h"

namespace clustersim::testing {

class SimInterpreter {
 public:
  SimInterpreter();
  ~SimInterpreter();
  std::string run(const Command& command);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clustersim::testing
