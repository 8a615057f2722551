// The controller's leaderless warning: OpenZiti logs "cluster running without leader for
// longer than configured threshold" once per leaderless period, when the controller has had no
// leader for longer than `warnWhenLeaderlessFor` (1 min by default, at least 10 s), as its
// event loop checks every 5 s. It is a log line, not a cluster event: the simulator keeps it
// as a record of the run (RunResult::leaderless_warnings), for the summary and for tests.
//
// The "has a leader" it watches is the controller's own, from the raft observations its event
// loop is given (the same flips as the openziti policy: a leader cleared while it had one
// starts a leaderless period, any leader ends it), starting when the controller's process
// starts (OpenZiti's ObserveLeaderChanges, with event generation), knowing raft's leader then.
// Its 5 s ticker runs on the node's clock, from that start; a paused node's ticker waits for
// it, a crash ends it.
#pragma once

#include <vector>

#include "sim/cluster/cluster.h"

namespace clustersim::sim {

struct LeaderlessWarning {
  NodeIndex node;
  Time at;     // when it was logged
  Time since;  // when the leaderless period began
};

class LeaderlessWarnings final : public NodeListener {
 public:
  // The check interval of the controller's event loop.
  static constexpr Duration check_every = std::chrono::seconds(5);
  // OpenZiti refuses a threshold below this.
  static constexpr Duration threshold_min = std::chrono::seconds(10);

  // Hears nothing until it is added as a listener of the cluster, before the cluster starts.
  // Precondition: threshold >= threshold_min.
  LeaderlessWarnings(Kernel& kernel, SimCluster& cluster, Duration threshold);
  ~LeaderlessWarnings() override;
  LeaderlessWarnings(const LeaderlessWarnings&) = delete;
  LeaderlessWarnings& operator=(const LeaderlessWarnings&) = delete;

  // Starts every running node's watch (a later boot starts its own).
  void start_all();
  const std::vector<LeaderlessWarning>& warnings() const { return warnings_; }

 private:
  struct Watch {
    bool running = false;
    bool has_leader = false;
    bool warned = false;
    bool paused = false;
    bool due_while_paused = false;
    Time no_leader_since = time_zero;
    TimerId tick;
  };

  void on_observation(NodeIndex node, const model::Observation& observation) override;
  void on_state(NodeIndex, model::RaftState, std::uint64_t, NodeIndex) override {}
  void on_crash(NodeIndex node) override;
  void on_restart(NodeIndex node) override { begin(node); }
  void on_held_down(NodeIndex) override {}
  void on_pause(NodeIndex node) override { watches_[node].paused = true; }
  void on_resume(NodeIndex node) override;
  // With a delayed start it begins with event generation, knowing raft's leader then.
  void on_generation_start(NodeIndex node, const std::optional<model::Observation>& snapshot) override;

  void begin(NodeIndex node);
  void schedule(NodeIndex node);
  void check(NodeIndex node);

  Kernel& kernel_;
  SimCluster& cluster_;
  Duration threshold_;
  std::vector<Watch> watches_;
  std::vector<LeaderlessWarning> warnings_;
  bool started_ = false;
};

}  // namespace clustersim::sim
