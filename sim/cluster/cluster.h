// SimCluster: N simulated controllers on one simulated network, with the ground truth.
//
// Owns the network, the transport for the election model's messages and one SimNode per
// member ("ctrl1".."ctrlN" by default). Every observation, crash and restart is recorded in
// the GroundTruth (which checks election safety as it goes) and forwarded to any extra
// NodeListeners, which is how trackers and oracles attach. Observations reach the listeners
// through each node's ObserverChannel, which may drop, delay, repeat or reorder them when a
// scenario says so (and otherwise hands each on at once).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cluster/ground_truth.h"
#include "sim/cluster/node_timing.h"
#include "sim/cluster/observer_channel.h"
#include "sim/cluster/sim_node.h"

namespace clustersim::sim {

struct ClusterOptions {
  model::RaftConfig raft;  // raft.members names the nodes
  LinkParams link;
  std::uint64_t seed = 1;
  std::vector<NodeTiming> timing;  // per node, in member order; empty: every node ideal
  // Start-up ordering: each process's event generation starts this long after its raft (a
  // draw per start); until then raft's observations wait in a blocking channel of
  // `observer_queue` slots, and a raft that raises one more blocks. Zero: at once.
  Spread<Duration> generation_delay{Duration{0}, Duration{0}};
  std::size_t observer_queue = 16;
};

// "ctrl1".."ctrlN", all voters.
std::vector<model::RaftMember> numbered_members(std::size_t count);

class SimCluster final : private NodeListener {
 public:
  // Precondition: !options.raft.problem(id) for every member.
  SimCluster(Kernel& kernel, ClusterOptions options);

  void start();  // every node starts as a follower, now
  void add_listener(NodeListener& listener) { listeners_.push_back(&listener); }

  std::size_t size() const { return nodes_.size(); }
  SimNode& node(NodeIndex index) { return *nodes_[index]; }
  const SimNode& node(NodeIndex index) const { return *nodes_[index]; }
  const std::string& id(NodeIndex index) const { return raft_->members[index].id; }
  NodeIndex find(std::string_view id) const;
  Network& network() { return network_; }
  const GroundTruth& truth() const { return truth_; }
  const model::RaftConfig& raft_config() const { return *raft_; }

  std::uint64_t seed() const { return options_.seed; }

  // The faults on the path from a node's raft to its tracker (none unless set).
  const ObserverFaults& observer_faults(NodeIndex node) const { return channels_[node]->faults(); }
  void set_observer_faults(NodeIndex node, const ObserverFaults& faults) { channels_[node]->set_faults(faults); }
  const ObserverCounters& observer_counters(NodeIndex node) const { return channels_[node]->counters(); }

  // Whether event generation starts late (options.generation_delay), and whether the node's
  // is still to start: its trackers and log begin then, not with the process.
  bool delayed_generation() const { return options_.generation_delay.high > Duration{0}; }
  bool generation_pending(NodeIndex node) const { return generation_[node].pending; }
  // Whether the node's raft is blocked on a full observer channel now, and every time one was.
  bool raft_blocked(NodeIndex node) const { return generation_[node].blocked; }
  struct RaftBlock {
    NodeIndex node;
    Time from;
    std::optional<Time> until;  // nothing: still blocked (or crashed blocked: see the crash)
  };
  const std::vector<RaftBlock>& raft_blocks() const { return raft_blocks_; }

  // Nodes that are not crashed (up or paused) and in the Leader role right now: leads_now.
  std::vector<NodeIndex> current_leaders() const;
  // A client write at every current leader; returns how many accepted it.
  std::size_t client_write();

 private:
  bool leads_now(NodeIndex node) const;  // not crashed, and in the Leader role
  void on_observation(NodeIndex node, const model::Observation& observation) override;
  void on_state(NodeIndex node, model::RaftState role, std::uint64_t term,
                NodeIndex leader) override;
  void on_crash(NodeIndex node) override;
  void on_restart(NodeIndex node) override;
  void on_held_down(NodeIndex node) override;
  void on_pause(NodeIndex node) override;
  void on_resume(NodeIndex node) override;
  void on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) override;
  void on_request_ended(NodeIndex node, const model::RequestEnded& ended) override;

  // Start-up ordering (options.generation_delay): a process started; its event generation
  // starts later; raft blocked on a full channel.
  void begin_process(NodeIndex node);
  void start_generation(NodeIndex node);
  void block_raft(NodeIndex node);

  struct Generation {
    Random random;  // the delay's draws, one per start
    TimerId timer;
    bool pending = false;
    bool blocked = false;
  };

  Kernel& kernel_;
  ClusterOptions options_;  // its raft configuration moved to raft_
  // The one copy every node's raft reads (n nodes copying n member ids made a large world
  // quadratic to build).
  std::shared_ptr<const model::RaftConfig> raft_;
  Network network_;
  Transport<model::Message> transport_;
  GroundTruth truth_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::vector<std::unique_ptr<ObserverChannel>> channels_;
  std::vector<NodeListener*> listeners_;
  std::vector<Generation> generation_;
  std::vector<RaftBlock> raft_blocks_;
  void end_block(NodeIndex node);
};

}  // namespace clustersim::sim
