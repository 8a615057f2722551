// The summary an operator reads, and the cause inferred for each leaderless period, on small
// logs shaped like real incidents: a leader crash, a planned transfer, a controller cut off,
// a leader removed from the cluster.
#include <gtest/gtest.h>

#include "tests/logcheck/log_lines.h"

namespace clustersim::sim::logcheck::test {
namespace {

const std::vector<std::string> three{"c1", "c2", "c3"};

// Three controllers on leader c1; c1 crashes at 10 s (its peers' channels reset at once), c2
// wins at 13 s.
std::string leader_crash() {
  return gained("c1", 1, three) + has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c3", 1, "c1") +
         peer_line("c2", 10, "peer.disconnected", "c1") + peer_line("c3", 10, "peer.disconnected", "c1") +
         leaderless("c2", 11) + leaderless("c3", 11) + gained("c2", 13, three) + has_leader("c2", 13, "c2") +
         has_leader("c3", 13, "c2", 200);
}

TEST(LogSummary, counts_periods_changes_and_churn_per_controller_and_for_the_cluster) {
  const Checked r = check(leader_crash() + leaderless("c3", 20) + has_leader("c3", 25, "c2") + line("c2", 30, "state.ro") +
                          line("c2", 34, "state.rw"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto& controllers = r.json["controllers"];
  ASSERT_EQ(controllers.size(), 3u);
  EXPECT_EQ(controllers[2]["id"], "c3");
  EXPECT_EQ(controllers[2]["leaderless"]["count"], 2);
  EXPECT_EQ(controllers[2]["leaderless"]["total_ms"], 2200.0 + 5000.0);
  EXPECT_EQ(controllers[2]["leaderless"]["longest_ms"], 5000.0);
  EXPECT_EQ(controllers[2]["leader_changes"], 1);
  EXPECT_EQ(controllers[1]["per_type"]["leadership.gained"], 1);
  EXPECT_EQ(controllers[1]["peer_disconnects"], 1);
  EXPECT_EQ(controllers[1]["read_only"]["count"], 1);
  EXPECT_EQ(controllers[1]["read_only"]["total_ms"], 4000.0);
  // c1 kept reporting c1 (it said nothing as it died): the cluster never lacked a report.
  EXPECT_EQ(r.json["cluster"]["leaderless"]["count"], 0);
  EXPECT_EQ(r.json["cluster"]["leader_changes"], 1);
  EXPECT_TRUE(has(r.out, "c3                      6 2                 7.2s         5s        1      0      0        1 -")) << r.out;
}

TEST(LogSummary, the_cluster_is_leaderless_while_no_controller_reports_a_leader) {
  const Checked r = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + leaderless("c1", 10) + leaderless("c2", 11) +
                          has_leader("c2", 15, "c2") + has_leader("c1", 16, "c2"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.json["cluster"]["leaderless"]["count"], 1);
  EXPECT_EQ(r.json["cluster"]["leaderless"]["total_ms"], 4000.0);
  EXPECT_TRUE(has(r.out, "cluster: no controller had a leader: 1, total 4s, longest 4s from 2025-01-10T00:00:11Z")) << r.out;
}

std::string cause_of(const Checked& r, const std::string& controller) {
  for (const auto& period : r.json["periods"]) {
    if (period["controller"] == controller) return period["cause"];
  }
  return "(none)";
}

// A controller moving from one leader to the next reports "no leader" and the new one with one
// timestamp; written the other way round (asynchronous dispatch), it is still a moment without
// a leader, not a loss that lasts until the log ends.
TEST(LogSummary, no_leader_and_a_new_leader_at_one_instant_are_read_in_that_order) {
  for (const bool written_backwards : {false, true}) {
    const std::string moves = written_backwards ? has_leader("c3", 13, "c2") + leaderless("c3", 13)
                                                : leaderless("c3", 13) + has_leader("c3", 13, "c2");
    const Checked r = check(gained("c1", 1, three) + has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") +
                            has_leader("c3", 1, "c1") + peer_line("c2", 10, "peer.disconnected", "c1") +
                            peer_line("c3", 10, "peer.disconnected", "c1") + leaderless("c2", 11) + gained("c2", 13, three) +
                            has_leader("c2", 13, "c2") + moves + peer_line("c2", 20, "peer.connected", "c1"));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto& c3 = r.json["controllers"][2];
    EXPECT_EQ(c3["leaderless"]["count"], 1) << written_backwards;
    EXPECT_EQ(c3["leaderless"]["total_ms"], 0.0) << written_backwards << "\n" << r.out;
    EXPECT_FALSE(has(r.out, "until the log ends")) << r.out;
  }
}

TEST(LeaderlessCauses, a_crashed_leader_is_lost_by_everyone_and_says_nothing) {
  const Checked r = check(leader_crash());
  EXPECT_EQ(cause_of(r, "c2"), "leader_down") << r.out;
  EXPECT_EQ(cause_of(r, "c3"), "leader_down") << r.out;
  EXPECT_TRUE(has(r.out, "c2  2025-01-10T00:00:11Z  2s  log:7  had c1: leader_down: c2 lost c1 -1s, c3 lost c1 -1s")) << r.out;
}

TEST(LeaderlessCauses, a_transfer_is_a_step_down_with_connections_intact) {
  const Checked r = check(gained("c1", 1, three) + has_leader("c2", 1, "c1") + lost("c1", 10) + leaderless("c2", 10, 100) +
                          gained("c3", 10, three) + has_leader("c1", 10, "c3", 300) + has_leader("c2", 10, "c3", 400));
  EXPECT_EQ(cause_of(r, "c2"), "leader_stepped_down") << r.out;
  EXPECT_TRUE(has(r.out, "c1 leadership.lost -100ms")) << r.out;
  EXPECT_TRUE(has(r.out, "c1 followed c3 +200ms")) << r.out;
}

// A leader cut off steps down when its lease runs out, long before the mesh notices a silent
// channel (30 s): no peer event yet, but the old leader itself then reports no leader.
TEST(LeaderlessCauses, a_leader_that_lost_its_quorum_steps_down_and_reports_no_leader_itself) {
  const Checked r = check(gained("c1", 1, three) + has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + lost("c1", 10) +
                          leaderless("c1", 10, 1) + leaderless("c2", 11) + gained("c3", 13, three) + has_leader("c2", 13, "c3"));
  EXPECT_EQ(cause_of(r, "c2"), "leader_isolated") << r.out;
  EXPECT_TRUE(has(r.out, "c1 reported no leader -999ms")) << r.out;
}

TEST(LeaderlessCauses, a_controller_cut_off_from_the_leader_alone) {
  // c3 loses c1 (and c2); c2 keeps c1.
  const Checked r = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c3", 1, "c1") + leaderless("c3", 5) +
                          peer_line("c3", 35, "peer.disconnected", "c1") + peer_line("c1", 35, "peer.disconnected", "c3") +
                          has_leader("c3", 60, "c1"));
  EXPECT_EQ(cause_of(r, "c3"), "cut_from_leader") << r.out;
}

TEST(LeaderlessCauses, an_isolated_leader_loses_its_peers_as_they_lose_it) {
  const Checked r = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c3", 1, "c1") +
                          leaderless("c2", 5) + leaderless("c3", 5) + peer_line("c2", 31, "peer.disconnected", "c1") +
                          peer_line("c3", 32, "peer.disconnected", "c1") +
                          peer_line("c1", 31, "peer.disconnected", "c2") + peer_line("c1", 31, "peer.disconnected", "c3") +
                          has_leader("c2", 40, "c2") + has_leader("c3", 40, "c2"));
  EXPECT_EQ(cause_of(r, "c2"), "leader_isolated") << r.out;
}

TEST(LeaderlessCauses, a_removed_leader_is_a_membership_change) {
  const Checked r = check(has_leader("c2", 1, "c1") + members_changed("c2", 9, 20, {"c2", "c3"}) + lost("c1", 9) +
                          leaderless("c2", 10) + has_leader("c2", 12, "c3"));
  EXPECT_EQ(cause_of(r, "c2"), "membership_change") << r.out;
  EXPECT_TRUE(has(r.out, "members.changed index 20 without c1 (c2) -1s")) << r.out;
}

TEST(LeaderlessCauses, a_log_that_begins_leaderless_and_a_loss_nothing_explains) {
  const Checked r = check(leaderless("c1", 1) + has_leader("c1", 2, "c2") + leaderless("c1", 5) + has_leader("c1", 6, "c2"));
  ASSERT_EQ(r.json["periods"].size(), 4u) << r.out;  // two of c1, two of the cluster
  EXPECT_EQ(r.json["periods"][0]["cause"], "log_start");
  EXPECT_EQ(r.json["causes"]["unknown"], 2) << r.out;
  EXPECT_TRUE(has(r.out, "no peer, role or membership event around it")) << r.out;
}

}  // namespace
}  // namespace clustersim::sim::logcheck::test
