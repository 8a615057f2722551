// The production tracker inside every simulated node: what a real cluster's operators would
// see from each controller, checked against the ground truth.
#include <gtest/gtest.h>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using std::chrono::seconds;

// Five nodes with one bank of trackers (no comparison bank), built by the Simulation.
struct TrackedWorld {
  TrackedWorld(model::TrackerPolicy policy, Duration window, std::uint64_t seed = 1)
      : sim(scenario(policy, window, seed), options()), cluster(sim.cluster()), bank(sim.trackers()) {
    sim.start();
  }

  static Scenario scenario(model::TrackerPolicy policy, Duration window, std::uint64_t seed) {
    Scenario s;
    s.timing = NodeTiming{};  // ideal: the instants below are exact
    s.raft = model::RaftConfig::hashicorp_defaults();
    s.raft.members = numbered_members(5);
    s.network.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
    s.seed = seed;
    s.policy = policy;
    s.stability_window = window;
    s.epoch = model::Timestamp{1'736'535'288'000'000'000, -300};
    s.duration = std::chrono::minutes(10);
    return s;
  }
  static RunOptions options() {
    RunOptions o;
    o.compare_policies = false;
    return o;
  }

  void run_until(int second) { ASSERT_TRUE(sim.run_until(time_zero + seconds(second))); }

  std::vector<const RecordedEvent*> state_events_of(NodeIndex node) const {
    std::vector<const RecordedEvent*> out;
    for (const RecordedEvent& e : bank.events()) {
      if (e.node != node) continue;
      if (e.event.type == model::ClusterEventType::state_has_leader ||
          e.event.type == model::ClusterEventType::state_is_leaderless) {
        out.push_back(&e);
      }
    }
    return out;
  }

  Simulation sim;
  SimCluster& cluster;
  const TrackerBank& bank;
};

TEST(TrackerBank, every_node_announces_then_reports_the_elected_leader_one_window_later) {
  TrackedWorld world(model::TrackerPolicy::stable, seconds(2));
  world.run_until(20);
  const auto leaders = world.cluster.current_leaders();
  ASSERT_EQ(leaders.size(), 1u);
  const std::string& leader = world.cluster.id(leaders[0]);
  for (NodeIndex node = 0; node < 5; ++node) {
    const auto events = world.state_events_of(node);
    ASSERT_EQ(events.size(), 2u) << "node " << node;
    EXPECT_EQ(events[0]->event.type, model::ClusterEventType::state_is_leaderless);
    EXPECT_EQ(events[0]->at, time_zero);
    EXPECT_EQ(events[1]->event.leader_id, leader);
    EXPECT_EQ(events[1]->event.source_id, world.cluster.id(node));
    // Reported exactly one window after the node first knew this leader.
    Time learned = time_zero;
    for (const NodeSnapshot& s : world.cluster.truth().history(node)) {
      if (s.leader == leaders[0]) {
        learned = s.at;
        break;
      }
    }
    EXPECT_EQ(events[1]->at, learned + seconds(2));
    EXPECT_EQ(world.bank.tracker(node)->reported().leader_id, leader);
  }
}

TEST(TrackerBank, openziti_policy_reports_at_once_and_the_leader_gains_leadership) {
  TrackedWorld world(model::TrackerPolicy::openziti, Duration{0});
  world.run_until(10);
  const auto leaders = world.cluster.current_leaders();
  ASSERT_EQ(leaders.size(), 1u);
  bool gained = false;
  for (const RecordedEvent& e : world.bank.events()) {
    if (e.event.type == model::ClusterEventType::leadership_gained) {
      EXPECT_EQ(e.node, leaders[0]);
      EXPECT_EQ(e.event.peers.size(), 5u);
      gained = true;
    }
  }
  EXPECT_TRUE(gained);
  for (NodeIndex node = 0; node < 5; ++node) {
    EXPECT_EQ(world.bank.tracker(node)->reported().leader_id, world.cluster.id(leaders[0]));
  }
}

TEST(TrackerBank, a_restarted_node_announces_again_and_a_crash_discards_its_tracker) {
  TrackedWorld world(model::TrackerPolicy::stable, seconds(1), 3);
  world.run_until(10);
  const NodeIndex leader = world.cluster.current_leaders().at(0);
  const NodeIndex follower = (leader + 1) % 5;
  world.cluster.node(follower).crash();
  EXPECT_EQ(world.bank.tracker(follower), nullptr);
  world.run_until(15);
  world.cluster.node(follower).restart();
  world.run_until(30);
  const auto events = world.state_events_of(follower);
  ASSERT_GE(events.size(), 3u);
  // After the restart at 15 s: an announcement (no leader known yet), then the leader.
  const auto restart_announcement = std::find_if(events.begin(), events.end(), [](const RecordedEvent* e) {
    return e->at == time_zero + seconds(15);
  });
  ASSERT_NE(restart_announcement, events.end());
  EXPECT_EQ((*restart_announcement)->event.type, model::ClusterEventType::state_is_leaderless);
  EXPECT_EQ(events.back()->event.leader_id, world.cluster.id(leader));
}

TEST(TrackerBank, a_paused_node_emits_nothing_until_it_resumes) {
  TrackedWorld world(model::TrackerPolicy::stable, seconds(1), 4);
  world.run_until(10);
  const NodeIndex leader = world.cluster.current_leaders().at(0);
  world.cluster.node(leader).pause();  // the others elect someone else meanwhile
  world.run_until(20);
  world.cluster.node(leader).resume();
  world.run_until(30);
  for (const RecordedEvent& e : world.bank.events()) {
    if (e.node == leader) {
      EXPECT_FALSE(e.at > time_zero + seconds(10) && e.at < time_zero + seconds(20))
          << "event at " << format_time(e.at) << " while paused";
    }
  }
  // Once resumed it follows the new leader like everyone else.
  const auto leaders = world.cluster.current_leaders();
  ASSERT_EQ(leaders.size(), 1u);
  EXPECT_EQ(world.bank.tracker(leader)->reported().leader_id, world.cluster.id(leaders[0]));
}

}  // namespace
}  // namespace clustersim::sim
