// Each rule of `clustersim check`, broken by a small log in the format real controllers write,
// and the legitimate shapes that look like a violation and are not (a restart, a tie-break).
#include <gtest/gtest.h>

#include "tests/logcheck/log_lines.h"

namespace clustersim::sim::logcheck::test {
namespace {

TEST(LogRules, state_events_alternate_per_controller) {
  const Checked ok = check(leaderless("c1", 1) + has_leader("c1", 2, "c2") + has_leader("c1", 3, "c3") + leaderless("c1", 4));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(leaderless("c1", 1) + leaderless("c1", 2) + has_leader("c1", 3, "c2") + has_leader("c1", 4, "c2"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(has(bad.out, "log:2: state_alternation: c1: state.is_leaderless again (previous at log:1)")) << bad.out;
  EXPECT_TRUE(has(bad.out, "log:4: state_alternation: c1: state.has_leader for c2 again (previous at log:3)")) << bad.out;
}

// The openziti/ziti #2684 shape: leadership.gained twice in a row; and lost twice.
TEST(LogRules, leadership_gained_and_lost_alternate) {
  const std::vector<std::string> members{"c1", "c2", "c3"};
  const Checked ok = check(gained("c1", 1, members) + lost("c1", 2) + gained("c1", 3, members));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(gained("c1", 1, members) + gained("c1", 2, members) + lost("c1", 3) + lost("c1", 4));
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(has(bad.out, "log:2: role_alternation: c1: leadership.gained again without leadership.lost (previous at log:1)")) << bad.out;
  EXPECT_TRUE(has(bad.out, "log:4: role_alternation: c1: leadership.lost again without leadership.gained (previous at log:3)")) << bad.out;
  const Checked empty = check(line("c1", 1, "leadership.gained"));
  EXPECT_TRUE(has(empty.out, "log:1: role_alternation: c1: leadership.gained lists no peers")) << empty.out;
}

// A leader that crashed says nothing; restarted, it wins again: the others' losing it and its
// own silence show the restart, so the second gained (and its announcement) are no violation.
TEST(LogRules, a_restart_shown_by_the_peers_excuses_a_repeat) {
  const std::vector<std::string> members{"c1", "c2", "c3"};
  const std::string restart = gained("c1", 1, members) + has_leader("c1", 1, "c1") + peer_line("c2", 5, "peer.disconnected", "c1") +
                              peer_line("c3", 5, "peer.disconnected", "c1") + has_leader("c1", 20, "c1") + gained("c1", 21, members);
  const Checked ok = check(restart);
  EXPECT_EQ(ok.code, 0) << ok.out;
  // The same repeat while c1 lost its peers too is a partition, not a restart.
  const Checked partition = check(gained("c1", 1, members) + peer_line("c2", 5, "peer.disconnected", "c1") +
                                  peer_line("c1", 5, "peer.disconnected", "c2") + gained("c1", 21, members));
  EXPECT_EQ(partition.code, 1) << partition.out;
  EXPECT_TRUE(has(partition.out, "log:4: role_alternation")) << partition.out;
}

TEST(LogRules, read_only_needs_a_state_ro_between_two_state_rw) {
  const Checked ok = check(line("c1", 1, "state.ro") + line("c1", 2, "state.ro") + line("c1", 3, "state.rw"));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(line("c1", 1, "state.rw") + line("c1", 2, "state.rw"));
  EXPECT_TRUE(has(bad.out, "log:2: read_only: c1: state.rw again without a state.ro between (previous at log:1)")) << bad.out;
}

// peer.connected again replaces a channel (the tie-break), but no faster than the dialer
// retries; peer.disconnected only of a connected peer.
TEST(LogRules, peer_connections_follow_the_mesh) {
  const Checked ok = check(peer_line("c1", 1, "peer.connected", "c2") + peer_line("c1", 1, "peer.connected", "c2", 5) +
                           peer_line("c1", 3, "peer.connected", "c2") + peer_line("c1", 4, "peer.disconnected", "c2") +
                           peer_line("c1", 5, "peer.disconnected", "c3"));  // connected before the log began
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(peer_line("c1", 1, "peer.connected", "c2") + peer_line("c1", 1, "peer.connected", "c2", 5) +
                            peer_line("c1", 1, "peer.connected", "c2", 500) + peer_line("c1", 2, "peer.disconnected", "c2") +
                            peer_line("c1", 3, "peer.disconnected", "c2"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(has(bad.out, "log:3: peer_connection: c1: peer.connected for c2 a third time without peer.disconnected")) << bad.out;
  EXPECT_TRUE(has(bad.out, "log:5: peer_connection: c1: peer.disconnected for c2, not connected since its peer.disconnected at log:4")) << bad.out;
  const Checked two = check(line("c1", 1, "peer.connected", peers_tail({"c2", "c3"})));
  EXPECT_TRUE(has(two.out, "log:1: format: c1: peer.connected lists 2 peers; OpenZiti lists the one peer it is about")) << two.out;
}

TEST(LogRules, peer_not_member_is_only_about_non_members) {
  const std::string members = members_changed("c1", 1, 10, {"c1", "c2", "c3"});
  EXPECT_EQ(check(members + peer_line("c1", 2, "peer.not_member", "c9")).code, 0);
  const Checked bad = check(members + peer_line("c1", 2, "peer.not_member", "c2"));
  EXPECT_TRUE(has(bad.out, "log:2: peer_not_member: c1: peer.not_member about c2, a member in the members it last listed at log:1")) << bad.out;
}

TEST(LogRules, members_changed_indexes_strictly_increase_and_list_each_member_once) {
  const Checked ok = check(members_changed("c1", 1, 10, {"c1", "c2"}) + members_changed("c1", 2, 12, {"c1", "c2", "c3"}));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(members_changed("c1", 1, 10, {"c1", "c2"}) + members_changed("c1", 2, 10, {"c1", "c2"}) +
                            members_changed("c1", 3, 9, {"c1", "c1"}));
  EXPECT_TRUE(has(bad.out, "log:2: members_index: c1: members.changed index 10 after index 10 at log:1")) << bad.out;
  EXPECT_TRUE(has(bad.out, "log:3: members_index: c1: members.changed index 9 after index 10")) << bad.out;
  EXPECT_TRUE(has(bad.out, "log:3: members_index: c1: members.changed lists c1 twice")) << bad.out;
}

TEST(LogRules, the_leader_named_is_a_known_member) {
  // Unchecked while no membership is known.
  EXPECT_EQ(check(has_leader("c1", 1, "c9")).code, 0);
  const Checked own = check(members_changed("c1", 1, 10, {"c1", "c2", "c3"}) + has_leader("c1", 2, "c9"));
  EXPECT_TRUE(has(own.out, "log:2: leader_not_member: c1: state.has_leader names c9, not a member (of the members it last listed, at log:1)")) << own.out;
  // Another controller's members.changed stands for one that listed none.
  const Checked cluster = check(members_changed("c2", 1, 10, {"c1", "c2", "c3"}) + has_leader("c1", 2, "c9"));
  EXPECT_TRUE(has(cluster.out, "log:2: leader_not_member: c1: state.has_leader names c9, not a member (of the newest members.changed in the log, index 10)")) << cluster.out;
  // leadership.gained lists the members too.
  const Checked by_gained = check(gained("c1", 1, {"c1", "c2", "c3"}) + has_leader("c1", 2, "c1") + has_leader("c1", 3, "c4"));
  EXPECT_TRUE(has(by_gained.out, "log:3: leader_not_member")) << by_gained.out;
}

TEST(LogRules, controllers_naming_different_leaders_longer_than_the_tolerance_disagree) {
  // A handover: c2 follows within seconds.
  const Checked ok = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c1", 10, "c3") +
                           has_leader("c2", 14, "c3") + leaderless("c1", 100));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const Checked bad = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c1", 10, "c3") +
                            line("c1", 45, "state.ro") + has_leader("c2", 50, "c3"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(has(bad.out, "log:4: leader_disagreement: controllers report different leaders for longer than 30s (--disagreement-tolerance): "
                           "c1 reports c3 (since log:3), c2 reports c1 (since log:2)")) << bad.out;
  CheckOptions wide;
  wide.disagreement_tolerance = std::chrono::minutes(1);
  EXPECT_EQ(check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") + has_leader("c1", 10, "c3") + line("c1", 45, "state.ro") +
                      has_leader("c2", 50, "c3"), wide).code, 0);
  // Still disagreeing when the log ends.
  const Checked open = check(has_leader("c1", 1, "c1") + has_leader("c2", 1, "c2") + line("c1", 100, "state.ro"));
  EXPECT_TRUE(has(open.out, "leader_disagreement")) << open.out;
}

TEST(LogRules, keys_that_types_do_not_carry_are_reported) {
  const Checked id = check(line("c1", 1, "peer.connected", peers_tail({"c2"}) + R"(,"leaderId":"c2")"));
  EXPECT_TRUE(has(id.out, "log:1: format: leaderId: only state.has_leader carries a leaderId, not peer.connected")) << id.out;
  const Checked peers = check(line("c1", 1, "state.is_leaderless", peers_tail({"c2"})));
  EXPECT_TRUE(has(peers.out, "log:1: format: peers: only leadership.gained, members.changed and peer.* events carry peers, not state.is_leaderless")) << peers.out;
  const Checked index = check(line("c1", 1, "leadership.lost", R"(,"index":4)"));
  EXPECT_TRUE(has(index.out, "log:1: format: index: only members.changed events carry an index")) << index.out;
}

// A misspelt namespace or type is reported, not skipped as someone else's event.
TEST(LogRules, a_misspelt_namespace_or_type_is_reported_and_another_namespace_skipped) {
  std::string misspelt = leaderless("c1", 1);
  misspelt.replace(misspelt.find("\"cluster\""), 9, "\"clustr\"");
  const std::string circuit = R"({"namespace":"circuit","event_src_id":"c1","timestamp":"2025-01-10T00:00:02Z","circuit_id":"x","path":{"nodes":["r1"]}})" "\n";
  const Checked r = check(misspelt + circuit + line("c1", 3, "state.has_leadr", R"(,"leaderId":"c2")") + leaderless("c1", 4));
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "log:1: namespace: namespace \"clustr\": a misspelling of \"cluster\"?")) << r.out;
  EXPECT_TRUE(has(r.out, "log:3: format: eventType: unknown event type \"state.has_leadr\" (did you mean \"state.has_leader\"?)")) << r.out;
  EXPECT_TRUE(has(r.out, "1 cluster events from 1 controllers (1 lines of other namespaces skipped), 2 violations")) << r.out;
}

// A shipper that sorts keys (jq -cS) changes nothing but the order: accepted with a note;
// --strict requires OpenZiti's order.
TEST(LogRules, sorted_keys_are_accepted_with_a_note_and_refused_when_strict) {
  const std::string sorted =
      R"({"eventType":"state.has_leader","event_src_id":"c1","leaderId":"c2","namespace":"cluster","timestamp":"2025-01-10T00:00:01Z"})" "\n"
      R"({"eventType":"state.is_leaderless","event_src_id":"c1","namespace":"cluster","timestamp":"2025-01-10T00:00:02Z"})" "\n";
  const Checked ok = check(sorted);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_TRUE(has(ok.out, "note: log:1: key_order: keys not in the order OpenZiti writes them")) << ok.out;
  EXPECT_TRUE(has(ok.out, "note: 2 lines with keys not in OpenZiti's order")) << ok.out;
  CheckOptions strict;
  strict.strict = true;
  const Checked bad = check(sorted, strict);
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(has(bad.out, "log:2: key_order: keys not in the order OpenZiti writes them")) << bad.out;
  // Both orders OpenZiti shipped are its own.
  const std::string v13 = R"({"namespace":"cluster","eventType":"state.is_leaderless","event_src_id":"c1","timestamp":"2025-01-10T00:00:01Z"})" "\n";
  EXPECT_EQ(check(v13, strict).code, 0);
}

// `jq -S .` pretty-prints: an object over many lines is one event, at the line it begins; one
// that never closes, or grows past the line limit, is named.
TEST(LogRules, pretty_printed_objects_are_read_whole_and_reported_where_they_begin) {
  const std::string pretty = "{\n  \"eventType\": \"state.is_leaderless\",\n  \"event_src_id\": \"c1\",\n"
                             "  \"namespace\": \"cluster\",\n  \"timestamp\": \"2025-01-10T00:00:01Z\"\n}\n";
  const Checked two = check(pretty + pretty);
  EXPECT_EQ(two.code, 1) << two.out;
  EXPECT_TRUE(has(two.out, "log:7: state_alternation: c1: state.is_leaderless again (previous at log:1)")) << two.out;
  const Checked open = check(pretty + "{\n  \"eventType\": \"state.ro\",\n");
  EXPECT_TRUE(has(open.out, "log:7: format: an object over several lines that never closes")) << open.out;
  CheckOptions small;
  small.limits.line_bytes = 130;
  const Checked big = check("{\n" + std::string(70, ' ') + "\"a\": 1,\n" + std::string(70, ' ') + "\"b\": 2\n}\n" + pretty, small);
  EXPECT_TRUE(has(big.out, "log:1: format: an object over several lines longer than 130 bytes")) << big.out;
  EXPECT_TRUE(has(big.out, "1 cluster events from 1 controllers, 1 violation")) << big.out;
}

}  // namespace
}  // namespace clustersim::sim::logcheck::test
