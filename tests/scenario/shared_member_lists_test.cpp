// Building a world is linear in its nodes' member lists because they are shared: every node
// that starts with one configuration, and every node that stores one committed configuration,
// gives its tracker one PeerList, not a copy of n peers of its own; and every node's raft, a
// restarted one's too, reads the cluster's one RaftConfig, not a copy of its n member ids.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

// Which list each tracker was made with and given on each members.changed (copies of the
// handles, which keep the lists alive to be compared after the run).
struct ListsSeen {
  std::map<std::string, model::PeerList> at_start;                     // by node, its last tracker's
  std::map<std::uint64_t, std::vector<model::PeerList>> by_index;      // configuration index -> each node's
  // The distinct lists among `lists`: one when they are shared.
  static std::size_t distinct(const std::vector<model::PeerList>& lists) {
    std::set<const std::vector<model::ClusterPeer>*> objects;
    for (const model::PeerList& list : lists) objects.insert(&list.peers());
    return objects.size();
  }
  static bool same(const model::PeerList& a, const model::PeerList& b) { return &a.peers() == &b.peers(); }
};

// The production tracker, noting the address of every member list it is given.
class ListNotingTracker final : public model::LeaderStateTracker {
 public:
  ListNotingTracker(const model::TrackerConfig& config, model::EventSink& sink, ListsSeen& seen)
      : inner_(model::make_tracker(config, sink)), seen_(seen) {
    seen_.at_start[config.self_id] = config.members;
  }
  void start(Nanos now) override { inner_->start(now); }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override { inner_->on_raft_state(state, term, now); }
  void on_leader(std::string_view id, std::uint64_t term, Nanos now) override { inner_->on_leader(id, term, now); }
  void on_members(model::PeerList members, std::uint64_t index, Nanos now) override {
    seen_.by_index[index].push_back(members);
    inner_->on_members(std::move(members), index, now);
  }
  void on_wakeup(Nanos now) override { inner_->on_wakeup(now); }
  std::optional<Nanos> wakeup_deadline() const override { return inner_->wakeup_deadline(); }
  const model::LeaderView& reported() const override { return inner_->reported(); }
  bool started() const override { return inner_->started(); }

 private:
  std::unique_ptr<model::LeaderStateTracker> inner_;
  ListsSeen& seen_;
};

TEST(SharedMemberLists, nodes_of_one_configuration_share_one_list) {
  // Three members under writes; ctrl4 and ctrl5 join one after the other, and ctrl5 replays
  // the first change's configuration from the log after the others stored it.
  const Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/membership_grow_three_to_five.json");
  ListsSeen seen;
  RunOptions options;
  options.compare_policies = false;
  options.tracker_factory = [&seen](const model::TrackerConfig& config, model::EventSink& sink) {
    return std::make_unique<ListNotingTracker>(config, sink, seen);
  };
  Simulation simulation(scenario, options);
  simulation.start();
  ASSERT_TRUE(simulation.run_until(time_zero + scenario.duration));

  ASSERT_EQ(seen.at_start.size(), 5u);
  EXPECT_TRUE(ListsSeen::same(seen.at_start["ctrl1"], seen.at_start["ctrl2"]));
  EXPECT_TRUE(ListsSeen::same(seen.at_start["ctrl1"], seen.at_start["ctrl3"]));
  EXPECT_EQ(seen.at_start["ctrl1"].size(), 3u);
  EXPECT_EQ(seen.at_start["ctrl4"].size(), 1u);  // a joiner starts knowing only itself

  ASSERT_EQ(seen.by_index.size(), 2u) << "two configurations stored (four members, then five)";
  const auto& [four_index, four] = *seen.by_index.begin();
  const auto& [five_index, five] = *seen.by_index.rbegin();
  EXPECT_EQ(four.size(), 5u) << "ctrl1-4 store the four-member configuration, ctrl5 replays it";
  EXPECT_EQ(five.size(), 5u);
  EXPECT_EQ(ListsSeen::distinct(four), 1u) << "configuration " << four_index << " reached its nodes as separate lists";
  EXPECT_EQ(ListsSeen::distinct(five), 1u) << "configuration " << five_index << " reached its nodes as separate lists";
  EXPECT_EQ(four.front().size(), 4u);
  EXPECT_EQ(five.front().size(), 5u);
}

TEST(SharedMemberLists, every_raft_node_reads_the_cluster_configuration) {
  const Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  Simulation simulation(scenario);
  simulation.start();
  SimCluster& cluster = simulation.cluster();
  ASSERT_GE(cluster.size(), 3u);
  // A restarted node makes its raft anew: it must read the same configuration.
  ASSERT_TRUE(simulation.run_until(time_zero + std::chrono::seconds(5)));
  cluster.node(1).crash();
  ASSERT_TRUE(simulation.run_until(time_zero + std::chrono::seconds(6)));
  cluster.node(1).restart();
  ASSERT_TRUE(simulation.run_until(time_zero + std::chrono::seconds(10)));
  for (NodeIndex node = 0; node < cluster.size(); ++node) {
    ASSERT_EQ(cluster.node(node).state(), NodeState::up) << cluster.id(node);
    EXPECT_EQ(&cluster.node(node).raft().config(), &cluster.raft_config())
        << cluster.id(node) << "'s raft has a configuration of its own";
  }
}

}  // namespace
}  // namespace clustersim::sim
