// Whole clusters electing leaders in the simulator (built by the Simulation), with
// hashicorp/raft's default timings, under crashes and partitions. Every test also requires
// the ground truth to show no election-safety violation.
#include <gtest/gtest.h>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using std::chrono::seconds;

struct World {
  explicit World(std::size_t nodes, std::uint64_t seed = 1, bool pre_vote = true)
      : sim(scenario(nodes, seed, pre_vote)), cluster(sim.cluster()) {
    sim.start();
  }

  static Scenario scenario(std::size_t nodes, std::uint64_t seed, bool pre_vote) {
    Scenario s;
    s.raft = model::RaftConfig::hashicorp_defaults();
    s.raft.members = numbered_members(nodes);
    s.raft.pre_vote = pre_vote;
    s.network.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
    s.seed = seed;
    s.duration = std::chrono::minutes(10);
    return s;
  }

  void run_until(int second) { ASSERT_TRUE(sim.run_until(time_zero + seconds(second))); }

  // The single leader every up node agrees on, or no_node.
  NodeIndex agreed_leader() {
    const auto leaders = cluster.current_leaders();
    if (leaders.size() != 1) return model::no_node;
    for (NodeIndex i = 0; i < cluster.size(); ++i) {
      if (cluster.node(i).state() != NodeState::up) continue;
      if (cluster.node(i).raft().leader() != leaders[0]) return model::no_node;
    }
    return leaders[0];
  }

  // Whether `node` was ever Leader at or after `since`.
  bool led_since(NodeIndex node, Time since) const {
    for (const NodeSnapshot& s : cluster.truth().history(node)) {
      if (s.at >= since && s.role == model::RaftState::leader) return true;
    }
    return false;
  }

  void expect_safe() const {
    for (const SafetyViolation& v : cluster.truth().violations()) {
      ADD_FAILURE() << v.check << " at node " << v.node << ", " << format_time(v.at) << ": " << v.detail;
    }
  }

  Simulation sim;
  SimCluster& cluster;
};

class ElectsOneLeader : public ::testing::TestWithParam<std::tuple<std::size_t, std::uint64_t>> {};

TEST_P(ElectsOneLeader, that_every_node_follows) {
  const auto [nodes, seed] = GetParam();
  World world(nodes, seed);
  world.run_until(10);
  EXPECT_NE(world.agreed_leader(), model::no_node);
  world.expect_safe();
}

INSTANTIATE_TEST_SUITE_P(Cluster, ElectsOneLeader,
                         ::testing::Combine(::testing::Values(3u, 5u, 7u),
                                            ::testing::Values(1u, 2u, 3u)));

TEST(Cluster, after_the_leader_crashes_the_others_elect_a_new_one) {
  World world(5, 4);
  world.run_until(10);
  const NodeIndex first = world.agreed_leader();
  ASSERT_NE(first, model::no_node);
  const std::uint64_t first_term = world.cluster.node(first).raft().term();
  world.cluster.node(first).crash();
  world.run_until(20);
  const NodeIndex second = world.agreed_leader();
  ASSERT_NE(second, model::no_node);
  EXPECT_NE(second, first);
  EXPECT_GT(world.cluster.node(second).raft().term(), first_term);
  world.cluster.node(first).restart();  // and it rejoins as a follower of the new leader
  world.run_until(30);
  EXPECT_EQ(world.agreed_leader(), second);
  world.expect_safe();
}

TEST(Cluster, a_minority_partition_never_elects) {
  World world(5, 5);
  world.run_until(10);
  const NodeIndex leader = world.agreed_leader();
  ASSERT_NE(leader, model::no_node);
  std::vector<NodeIndex> minority;
  for (NodeIndex i = 0; i < 5 && minority.size() < 2; ++i) {
    if (i != leader) minority.push_back(i);
  }
  world.cluster.network().partition({minority});
  world.run_until(60);
  for (NodeIndex node : minority) EXPECT_FALSE(world.led_since(node, time_zero + seconds(10)));
  EXPECT_EQ(world.cluster.current_leaders(), std::vector<NodeIndex>{leader});
  world.expect_safe();
}

TEST(Cluster, a_leader_cut_off_from_the_majority_steps_down_and_the_majority_elects) {
  World world(5, 6);
  world.run_until(10);
  const NodeIndex old_leader = world.agreed_leader();
  ASSERT_NE(old_leader, model::no_node);
  world.cluster.network().isolate(old_leader);
  world.run_until(20);
  EXPECT_NE(world.cluster.node(old_leader).raft().role(), model::RaftState::leader);
  const auto leaders = world.cluster.current_leaders();
  ASSERT_EQ(leaders.size(), 1u);
  EXPECT_NE(leaders[0], old_leader);
  world.expect_safe();
}

TEST(Cluster, a_healed_partition_converges_to_one_leader) {
  World world(5, 7);
  world.run_until(10);
  world.cluster.network().partition({{0, 1}, {2, 3, 4}});
  world.run_until(25);
  world.cluster.network().heal();
  world.run_until(40);
  EXPECT_NE(world.agreed_leader(), model::no_node);
  world.expect_safe();
}

// An isolated follower times out again and again. Without pre-vote each attempt raises its
// term, and on rejoining that term deposes the healthy leader; with pre-vote it never wins a
// pre-vote alone, so its term stays put and it rejoins quietly.
struct RejoinOutcome {
  bool leader_deposed;
  std::uint64_t term_before;
  std::uint64_t term_after;
};

RejoinOutcome isolate_and_rejoin_a_follower(bool pre_vote) {
  World world(5, 8, pre_vote);
  world.run_until(10);
  const NodeIndex leader = world.agreed_leader();
  EXPECT_NE(leader, model::no_node);
  const std::uint64_t term = world.cluster.node(leader).raft().term();
  const NodeIndex follower = (leader + 1) % 5;
  world.cluster.network().isolate(follower);
  world.run_until(30);
  world.cluster.network().heal();
  world.run_until(45);
  bool deposed = false;
  for (const NodeSnapshot& s : world.cluster.truth().history(leader)) {
    if (s.at > time_zero + seconds(30) && s.role != model::RaftState::leader) deposed = true;
  }
  world.expect_safe();
  EXPECT_NE(world.agreed_leader(), model::no_node);
  return RejoinOutcome{deposed, term, world.cluster.node(world.agreed_leader()).raft().term()};
}

TEST(Cluster, with_pre_vote_a_rejoining_node_does_not_depose_a_healthy_leader) {
  const RejoinOutcome outcome = isolate_and_rejoin_a_follower(true);
  EXPECT_FALSE(outcome.leader_deposed);
  EXPECT_EQ(outcome.term_after, outcome.term_before);
}

TEST(Cluster, without_pre_vote_a_rejoining_node_deposes_the_leader) {
  const RejoinOutcome outcome = isolate_and_rejoin_a_follower(false);
  EXPECT_TRUE(outcome.leader_deposed);
  EXPECT_GT(outcome.term_after, outcome.term_before);
}

TEST(Cluster, runs_are_deterministic) {
  auto fingerprint = [](std::uint64_t seed) {
    World world(5, seed);
    world.cluster.network().partition({{0, 1}});
    world.run_until(30);
    std::string text;
    for (NodeIndex i = 0; i < 5; ++i) {
      for (const NodeSnapshot& s : world.cluster.truth().history(i)) {
        text += std::to_string(time_ns(s.at)) + ":" + std::to_string(s.term) + ":" +
                std::to_string(static_cast<int>(s.role)) + ";";
      }
    }
    return text;
  };
  EXPECT_EQ(fingerprint(9), fingerprint(9));
  EXPECT_NE(fingerprint(9), fingerprint(10));
}

}  // namespace
}  // namespace clustersim::sim

namespace clustersim::sim {
namespace {

TEST(Cluster, classic_range_timers_without_pre_vote_elect_a_leader_fast) {
  Scenario o;
  o.raft = model::RaftConfig::hashicorp_defaults();
  o.raft.members = numbered_members(5);
  o.raft.timer_mode = model::TimerMode::range;
  o.raft.pre_vote = false;
  o.raft.leader_stickiness = false;
  o.raft.election_timeout_min = std::chrono::milliseconds(150);
  o.raft.election_timeout_max = std::chrono::milliseconds(300);
  o.raft.heartbeat_interval = std::chrono::milliseconds(75);
  o.network.latency = LatencyModel::fixed(std::chrono::milliseconds(5));
  o.duration = std::chrono::seconds(10);
  Simulation sim(o);
  sim.start();
  ASSERT_TRUE(sim.run_until(time_zero + std::chrono::seconds(2)));
  const SimCluster& cluster = sim.cluster();
  const auto leaders = cluster.current_leaders();
  ASSERT_EQ(leaders.size(), 1u);
  // The first election can only start after the shortest timeout, and must end long before
  // two seconds with 5 ms links.
  const auto& elected = cluster.truth().leaders_by_term();
  ASSERT_FALSE(elected.empty());
  for (const NodeSnapshot& s : cluster.truth().history(leaders[0])) {
    if (s.role == model::RaftState::leader) {
      EXPECT_GE(s.at, time_zero + std::chrono::milliseconds(150));
      EXPECT_LT(s.at, time_zero + std::chrono::seconds(1));
      break;
    }
  }
  EXPECT_TRUE(cluster.truth().violations().empty());
}

}  // namespace
}  // namespace clustersim::sim
