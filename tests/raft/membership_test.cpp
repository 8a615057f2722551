// Membership arithmetic (next_membership, the quorum) and the log's configuration entries: the
// rules the datadriven files under tests/testdata/raft/membership_*.txt rely on.
#include <gtest/gtest.h>

#include "model/raft/raft_config.h"
#include "model/raft/raft_log.h"
#include "tests/raft/raft_harness.h"

namespace clustersim::model {
namespace {

using Kind = MembershipChange::Kind;

Membership of(std::vector<Suffrage> suffrage) { return Membership(std::move(suffrage)); }
constexpr Suffrage V = Suffrage::voter, N = Suffrage::nonvoter, X = Suffrage::none;

TEST(Membership, counts_voters_and_members_and_takes_a_majority_of_voters) {
  const Membership m = of({V, V, N, X, V, V});
  EXPECT_EQ(m.voter_count(), 4u);
  EXPECT_EQ(m.member_count(), 5u);
  EXPECT_EQ(m.quorum(), 3u);
  EXPECT_TRUE(m.is_member(2));
  EXPECT_FALSE(m.is_voter(2));
  EXPECT_FALSE(m.is_member(3));
  EXPECT_FALSE(m.is_member(17));  // outside the universe: never a member
  EXPECT_TRUE(Membership{}.empty());
}

TEST(Membership, each_change_moves_one_node_and_keeps_the_others) {
  const Membership start = of({V, V, N, X});
  EXPECT_EQ(next_membership(start, {Kind::add_voter, 3}, "d").membership, std::optional<Membership>(of({V, V, N, V})));
  EXPECT_EQ(next_membership(start, {Kind::add_nonvoter, 3}, "d").membership, std::optional<Membership>(of({V, V, N, N})));
  EXPECT_EQ(next_membership(start, {Kind::promote, 2}, "c").membership, std::optional<Membership>(of({V, V, V, X})));
  EXPECT_EQ(next_membership(start, {Kind::demote, 1}, "b").membership, std::optional<Membership>(of({V, N, N, X})));
  EXPECT_EQ(next_membership(start, {Kind::remove, 0}, "a").membership, std::optional<Membership>(of({X, V, N, X})));
}

TEST(Membership, a_change_that_makes_no_sense_is_refused_with_its_reason) {
  const Membership start = of({V, N, X});
  EXPECT_EQ(next_membership(start, {Kind::add_voter, 1}, "ctrl2").refusal, "ctrl2 is already a member");
  EXPECT_EQ(next_membership(start, {Kind::promote, 0}, "ctrl1").refusal, "ctrl1 is not a non-voter");
  EXPECT_EQ(next_membership(start, {Kind::demote, 1}, "ctrl2").refusal, "ctrl2 is not a voter");
  EXPECT_EQ(next_membership(start, {Kind::remove, 2}, "ctrl3").refusal, "ctrl3 is not a member");
  EXPECT_EQ(next_membership(start, {Kind::remove, 0}, "ctrl1").refusal, "it would leave no voter");
  EXPECT_EQ(next_membership(start, {Kind::demote, 0}, "ctrl1").refusal, "it would leave no voter");
}

TEST(Membership, a_joiner_starts_without_a_configuration_and_the_others_with_the_bootstrap_one) {
  RaftConfig config;
  config.members = {{"a"}, {"b", Suffrage::nonvoter}, {"c", Suffrage::none}};
  EXPECT_EQ(config.bootstrap_membership(0), of({V, N, X}));
  EXPECT_EQ(config.bootstrap_membership(1), of({V, N, X}));
  EXPECT_TRUE(config.bootstrap_membership(2).empty());
  EXPECT_EQ(config.problem("c"), std::nullopt);  // a joiner may run
}

TEST(RaftLogConfigurations, truncation_drops_the_configurations_it_drops_and_lookups_find_the_newest) {
  RaftLog log;
  log.append(1);
  log.append_configuration(1, of({V, V, V}));
  log.append(1);
  log.append_configuration(2, of({V, V, X}));
  ASSERT_EQ(log.configurations().size(), 2u);
  const auto index_at_or_before = [&](std::uint64_t index) {
    const ConfigurationEntry* entry = log.configuration_at_or_before(index);
    return entry == nullptr ? 0 : entry->index;
  };
  EXPECT_EQ(index_at_or_before(3), 2u);
  EXPECT_EQ(index_at_or_before(4), 4u);
  EXPECT_EQ(log.configuration_at_or_before(1), nullptr);
  log.truncate_after(3);
  ASSERT_EQ(log.configurations().size(), 1u);
  EXPECT_EQ(log.configurations().back().membership, of({V, V, V}));
}

}  // namespace
}  // namespace clustersim::model

namespace clustersim::model {
namespace {

// A pre-vote answer from an earlier candidacy that arrives after a configuration made its
// sender a non-voter does not count (the node once aborted on it).
TEST(MembershipElections, a_late_answer_from_a_node_made_a_non_voter_is_not_counted) {
  using std::chrono::milliseconds;
  RaftConfig config = RaftConfig::hashicorp_defaults();
  config.members = {{"n0"}, {"n1"}, {"n2"}, {"n3"}};
  testing::RaftHarness h(config);
  h.node.start(std::chrono::nanoseconds{0});
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));  // candidacy 1: pre-votes to n1..n3
  ASSERT_EQ(h.node.role(), RaftState::candidate);
  // n1 leads term 1 and appends a configuration that demotes n2.
  Message append;
  append.type = MessageType::append_entries;
  append.term = 1;
  append.entry_terms = {1};
  append.configurations = std::make_shared<const std::vector<ConfigurationEntry>>(std::vector<ConfigurationEntry>{
      {1, Membership({Suffrage::voter, Suffrage::voter, Suffrage::nonvoter, Suffrage::voter})}});
  h.node.step(1, append, milliseconds(1100));
  ASSERT_EQ(h.node.role(), RaftState::follower);
  ASSERT_FALSE(h.node.membership().is_voter(2));
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(3000));  // candidacy 2, without n2
  ASSERT_EQ(h.node.role(), RaftState::candidate);
  ASSERT_TRUE(h.node.pre_vote_round());
  h.node.step(2, h.vote_response(MessageType::request_pre_vote_response, 1, true), milliseconds(3001));  // late, from n2
  EXPECT_EQ(h.node.votes_granted(), 1u);
  EXPECT_EQ(h.node.role(), RaftState::candidate);
  // n3's counts: with its own, 2 of the 3 voters (n0, n1, n3) are a majority, and the election starts.
  h.node.step(3, h.vote_response(MessageType::request_pre_vote_response, 1, true), milliseconds(3002));
  EXPECT_FALSE(h.node.pre_vote_round());
  EXPECT_EQ(h.node.term(), 2u);
}

}  // namespace
}  // namespace clustersim::model
