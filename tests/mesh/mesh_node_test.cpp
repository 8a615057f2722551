// The mesh model (model/mesh) against what the OpenZiti controller's mesh does: a full mesh
// forms with one channel per pair that both ends agree on; a repeated peer.connected only
// from the tie-break; peer.disconnected when a peer's process dies or stops answering for the
// unresponsive timeout; the dialer's backoff; read-only mode while versions differ; a
// non-member dropped by the leader after the grace; the pre-2.1 mode where only a candidate
// or the leader dials.
#include <gtest/gtest.h>

#include "tests/mesh/mesh_world.h"

namespace clustersim::model::testing {
namespace {

using Kind = MeshEvent::Kind;

MeshWorld three(MeshConfig config = {}, std::vector<std::string> versions = {"v2.1.0", "v2.1.0", "v2.1.0"}) {
  return MeshWorld(config, {true, true, true}, std::move(versions));
}

std::size_t count_kind(const MeshWorld& world, Kind kind) {
  std::size_t n = 0;
  for (const auto& e : world.events()) n += e.event.kind == kind ? 1 : 0;
  return n;
}

TEST(MeshNode, a_full_mesh_forms_at_the_first_queue_check_with_one_channel_per_pair) {
  MeshWorld world = three();
  world.start_all();
  world.run_until(4s);
  EXPECT_TRUE(world.events().empty());  // the first dials wait for the queue check, 5 s in
  world.run_until(6s);
  for (NodeIndex a = 0; a < 3; ++a) {
    for (NodeIndex b = a + 1; b < 3; ++b) EXPECT_TRUE(world.connected(a, b)) << a << "-" << b;
  }
  EXPECT_EQ(count_kind(world, Kind::peer_disconnected), 0u);
  // Every node dialled every other at once: each pair raced, and the tie-break kept the
  // channel dialled by the node first in member order at both ends.
  for (NodeIndex a = 0; a < 3; ++a) {
    for (NodeIndex b = a + 1; b < 3; ++b) EXPECT_EQ(world.node(a).channel_to(b)->dialer, a);
  }
  // A peer.connected repeats only where a winning channel replaced a current one: at most
  // twice per pair end, and never with a peer.disconnected between.
  for (NodeIndex a = 0; a < 3; ++a) {
    const auto connected = world.events_of(a, Kind::peer_connected);
    EXPECT_GE(connected.size(), 2u);
    EXPECT_LE(connected.size(), 4u);
  }
  world.run_until(10min);  // heartbeats keep a healthy mesh as it is
  EXPECT_EQ(count_kind(world, Kind::peer_disconnected), 0u);
  EXPECT_EQ(count_kind(world, Kind::read_only), 0u);
}

TEST(MeshNode, a_crashed_peer_is_disconnected_at_once_and_redialled_with_backoff) {
  MeshWorld world = three();
  world.start_all();
  world.run_until(1min);
  world.crash(2);
  world.run_until(1min + 10ms);
  EXPECT_EQ(world.events_of(0, Kind::peer_disconnected).size(), 1u);  // the reset arrives in one hop
  EXPECT_EQ(world.events_of(1, Kind::peer_disconnected).size(), 1u);
  world.run_until(20min);
  // Lost after the fast-failure window: redialled at the next queue check, then each failure
  // (no answer within the dial timeout) waits longer, up to max_retry, plus the queue check.
  const auto hellos = world.hellos(0, 2);
  ASSERT_GE(hellos.size(), 8u);
  MeshConfig config;
  std::chrono::nanoseconds previous_gap{0};
  for (std::size_t i = 2; i < hellos.size(); ++i) {
    const auto gap = hellos[i] - hellos[i - 1];
    EXPECT_GE(gap, config.dial_timeout + config.min_retry) << i;
    EXPECT_LE(gap, config.dial_timeout + config.max_retry + config.queue_check_every) << i;
    if (gap < config.dial_timeout + config.max_retry - config.queue_check_every) {
      EXPECT_GE(gap + config.queue_check_every, previous_gap) << i;  // the backoff only grows
    }
    previous_gap = gap;
  }
  world.start(2);  // back: the next dial connects it
  world.run_until(22min + 10s);
  EXPECT_TRUE(world.connected(0, 2));
  EXPECT_TRUE(world.connected(1, 2));
}

TEST(MeshNode, a_silent_peer_is_closed_after_the_unresponsive_timeout) {
  MeshWorld world = three();
  world.start_all();
  world.run_until(1min);
  world.cut_both(0, 2);
  MeshConfig config;
  // Silent from the cut: the last answer came before it, within one heartbeat interval.
  world.run_until(1min + config.unresponsive_after - config.heartbeat_every);
  EXPECT_TRUE(world.events_of(0, Kind::peer_disconnected).empty());
  world.run_until(1min + 45s);
  const auto lost = world.events_of(0, Kind::peer_disconnected);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_GT(lost[0].at, 1min + config.unresponsive_after - config.heartbeat_every);
  EXPECT_LE(lost[0].at, 1min + config.unresponsive_after + config.check_every);
  EXPECT_EQ(world.events_of(2, Kind::peer_disconnected).size(), 1u);
  EXPECT_TRUE(world.connected(0, 1));  // the other channels are untouched
  world.heal();
  world.run_until(3min);
  EXPECT_TRUE(world.connected(0, 2));
}

TEST(MeshNode, differing_versions_make_the_cluster_read_only_until_they_agree) {
  MeshWorld world = three({}, {"v2.0.0", "v2.1.0", "v2.1.0"});
  world.start_all();
  world.run_until(1min);
  for (NodeIndex n = 0; n < 3; ++n) {
    EXPECT_TRUE(world.node(n).read_only()) << n;
    EXPECT_EQ(world.events_of(n, Kind::read_only).size(), 1u) << n;  // on change only
  }
  world.crash(0);  // upgraded: down, then up with the others' version
  world.run_until(1min + 10ms);
  EXPECT_FALSE(world.node(1).read_only());
  EXPECT_EQ(world.events_of(1, Kind::read_write).size(), 1u);
  world.set_version(0, "v2.1.0");
  world.start(0);
  world.run_until(3min);
  EXPECT_TRUE(world.connected(0, 1));
  for (NodeIndex n = 0; n < 3; ++n) EXPECT_FALSE(world.node(n).read_only()) << n;
  EXPECT_EQ(world.events_of(0, Kind::read_only).size(), 1u);  // its old process's; the new one never saw a mismatch
}

TEST(MeshNode, a_leader_drops_a_non_member_after_the_grace_and_says_so) {
  MeshWorld world(MeshConfig{}, {true, true, false}, {"v2.1.0", "v2.1.0", "v2.1.0"});
  world.set_role(0, RaftState::leader);
  world.start_all();
  world.run_until(10s);
  EXPECT_TRUE(world.connected(0, 2));  // the non-member dials the members; members never dial it
  EXPECT_TRUE(world.connected(1, 2));
  EXPECT_TRUE(world.hellos(0, 2).empty());
  world.run_until(5s + 1min + 1s);
  const auto not_member = world.events_of(0, Kind::peer_not_member);
  ASSERT_EQ(not_member.size(), 1u);
  const auto lost = world.events_of(0, Kind::peer_disconnected);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].at, not_member[0].at);
  EXPECT_EQ(not_member[0].event.peer, 2u);
  EXPECT_TRUE(world.events_of(1, Kind::peer_not_member).empty());  // only a leader reaps
}

TEST(MeshNode, before_2_1_only_a_candidate_or_the_leader_dials) {
  MeshConfig config;
  config.mode = MeshMode::leader_only;
  MeshWorld world = three(config);
  world.set_role(0, RaftState::leader);
  world.start_all();
  world.run_until(1min);
  EXPECT_TRUE(world.connected(0, 1));
  EXPECT_TRUE(world.connected(0, 2));
  EXPECT_FALSE(world.connected(1, 2));  // two followers have no reason for a channel
  EXPECT_TRUE(world.hellos(1, 2).empty());
  world.set_role(1, RaftState::candidate);  // a candidate asks for votes: it dials at once
  world.run_until(1min + 10ms);
  EXPECT_TRUE(world.connected(1, 2));
}

TEST(MeshConfig, problem_names_the_field) {
  MeshConfig config;
  EXPECT_FALSE(config.problem());
  config.unresponsive_after = config.heartbeat_every;
  EXPECT_EQ(*config.problem(), "unresponsive_after must be longer than heartbeat_every (else a healthy channel is closed)");
  config = {};
  config.min_retry = std::chrono::hours(2);
  EXPECT_EQ(*config.problem(), "min_retry must not be longer than max_retry");
  config = {};
  config.dial_timeout = std::chrono::nanoseconds(0);
  EXPECT_EQ(*config.problem(), "dial_timeout must be positive");
}

}  // namespace
}  // namespace clustersim::model::testing
