// The mesh oracle (check_mesh) holds a run's mesh events against the mesh's ground truth, and
// catches each way a stream can lie: an event with no change behind it, a change with no
// event, a wrong version or peer entry, a read-only flag that does not follow the versions,
// a peer.not_member about a member, a replacement the tie-break does not allow.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

RunResult crash_run() {
  return run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/leader_crash.json"));
}

std::string first_failure(const RunResult& run) {
  const CheckResult result = check_mesh(run);
  return result.failures.empty() ? "" : result.failures.front().message;
}

std::vector<RecordedEvent>::iterator first_of(RunResult& run, model::ClusterEventType type) {
  return std::find_if(run.mesh_events.begin(), run.mesh_events.end(),
                      [&](const RecordedEvent& e) { return e.event.type == type; });
}

TEST(MeshOracle, holds_a_true_stream_and_catches_every_kind_of_lie) {
  const RunResult run = crash_run();
  ASSERT_FALSE(run.mesh_events.empty());
  ASSERT_EQ(first_failure(run), "");
  {  // a peer.connected repeated with nothing behind it
    RunResult lie = run;
    lie.mesh_events.insert(lie.mesh_events.begin(), *first_of(lie, model::ClusterEventType::peer_connected));
    EXPECT_NE(first_failure(lie).find("the node wrote"), std::string::npos) << first_failure(lie);
  }
  {  // a lost channel not told
    RunResult lie = run;
    const auto lost = first_of(lie, model::ClusterEventType::peer_disconnected);
    ASSERT_NE(lost, lie.mesh_events.end());
    lie.mesh_events.erase(lost);
    EXPECT_NE(first_failure(lie).find("peer.disconnected"), std::string::npos) << first_failure(lie);
  }
  {  // a version the peer never announced
    RunResult lie = run;
    first_of(lie, model::ClusterEventType::peer_connected)->event.peers.front().version = "v9.9.9";
    EXPECT_NE(first_failure(lie), "");
  }
  {  // a peer entry with another address
    RunResult lie = run;
    first_of(lie, model::ClusterEventType::peer_connected)->event.peers.front().addr = "tls:elsewhere:6262";
    EXPECT_NE(first_failure(lie).find("lists other than the one peer"), std::string::npos) << first_failure(lie);
  }
  {  // read-only with every version alike
    RunResult lie = run;
    RecordedEvent ro = lie.mesh_events.front();
    ro.event.type = model::ClusterEventType::state_ro;
    ro.event.peers.clear();
    lie.mesh_events.push_back(ro);
    EXPECT_NE(first_failure(lie).find("state.ro"), std::string::npos) << first_failure(lie);
  }
  {  // not_member about a member
    RunResult lie = run;
    RecordedEvent not_member = lie.mesh_events.front();
    not_member.event.type = model::ClusterEventType::peer_not_member;
    lie.mesh_events.push_back(not_member);
    EXPECT_EQ(first_failure(lie), "peer.not_member about a member of its configuration");
  }
  {  // a channel replaced by one that loses the tie-break
    // Ideal servers boot together, so every pair dials at once and races.
    Scenario together = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/leader_crash.json");
    together.timing = NodeTiming{};
    together.expect = {};
    RunResult lie = run_scenario(together);
    ASSERT_EQ(first_failure(lie), "");
    std::vector<MeshChange>& changes = lie.mesh_changes;
    // A node's change of its channel to a peer straight from one channel to another.
    std::optional<std::pair<std::size_t, std::size_t>> replaced;
    std::map<std::pair<NodeIndex, NodeIndex>, std::size_t> last;
    for (std::size_t i = 0; i < changes.size() && !replaced; ++i) {
      const auto key = std::make_pair(changes[i].node, changes[i].peer);
      if (const auto before = last.find(key); before != last.end() && changes[before->second].channel && changes[i].channel) {
        replaced = std::make_pair(before->second, i);
      }
      last[key] = i;
    }
    ASSERT_TRUE(replaced.has_value());
    std::swap(changes[replaced->first].channel, changes[replaced->second].channel);
    EXPECT_NE(first_failure(lie).find("does not win the tie-break"), std::string::npos) << first_failure(lie);
  }
}

TEST(MeshOracle, versions_that_differ_make_every_connected_node_read_only_until_they_agree) {
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  scenario.mesh.node_versions["ctrl2"] = "v2.0.0";
  scenario.expect = {};
  const RunResult run = run_scenario(scenario);
  EXPECT_EQ(first_failure(run), "");
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    const auto ro = std::count_if(run.mesh_events.begin(), run.mesh_events.end(), [&](const RecordedEvent& e) {
      return e.node == node && e.event.type == model::ClusterEventType::state_ro;
    });
    EXPECT_EQ(ro, 1) << run.node_ids[node];  // on change only: once, as the mismatch first connects
  }
}

TEST(MeshOracle, does_not_apply_when_the_mesh_is_off) {
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  scenario.mesh.enabled = false;
  scenario.expect = {};
  const RunResult run = run_scenario(scenario);
  EXPECT_TRUE(run.mesh_events.empty());
  EXPECT_FALSE(check_mesh(run).applies);
}

}  // namespace
}  // namespace clustersim::sim
