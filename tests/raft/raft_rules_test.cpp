// The election model, rule by rule, where C++ says it better than a script: timer arithmetic,
// observation order and replication details. Most rules are datadriven files in
// tests/testdata/raft/. Randomness is fixed at the lower bound, so random_timeout(x) is x.
#include <gtest/gtest.h>

#include "tests/raft/raft_harness.h"

namespace clustersim::model {
namespace {

using std::chrono::milliseconds;
using testing::RaftHarness;
using Strings = std::vector<std::string>;

const std::chrono::nanoseconds t0{0};

// Drives a fresh node of a 3-voter cluster to leader in term 1 (pre-vote on).
void make_leader(RaftHarness& h) {
  h.node.start(t0);
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));
  h.node.step(1, h.vote_response(MessageType::request_pre_vote_response, 0, true), milliseconds(1001));
  h.node.step(1, h.vote_response(MessageType::request_vote_response, 1, true), milliseconds(1002));
  ASSERT_EQ(h.node.role(), RaftState::leader);
  h.observations();
  h.sent();
}

TEST(RaftRules, follower_becomes_candidate_only_after_heartbeat_timeout_without_contact) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.heartbeat_from_term(1), milliseconds(500));  // contact at 0.5 s
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));  // only 0.5 s since
  EXPECT_EQ(h.node.role(), RaftState::follower);
  EXPECT_EQ(h.node.leader(), 1u);
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(2000));  // 1.5 s since
  EXPECT_EQ(h.node.role(), RaftState::candidate);
}

TEST(RaftRules, observation_order_follower_to_candidate_clears_the_leader_first) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.heartbeat_from_term(1), milliseconds(1));
  EXPECT_EQ(h.observations(), Strings{"leader=n1"});
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(2000));
  EXPECT_EQ(h.observations(), (Strings{"leader=", "Candidate"}));
}

TEST(RaftRules, observation_order_follower_moving_from_a_to_b) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.heartbeat_from_term(1), milliseconds(1));
  h.observations();
  h.node.step(2, h.heartbeat_from_term(2), milliseconds(2));
  EXPECT_EQ(h.observations(), (Strings{"leader=", "leader=n2"}));
}

TEST(RaftRules, leader_with_quorum_contact_keeps_leading) {
  RaftHarness h;
  make_leader(h);
  Message ack;
  ack.type = MessageType::append_entries_response;
  ack.heartbeat = true;
  ack.term = 1;
  ack.granted = true;
  h.node.step(1, ack, milliseconds(1400));  // one peer + itself = quorum of 3
  h.node.on_timer(TimerKind::lease, no_node, milliseconds(1600));
  EXPECT_EQ(h.node.role(), RaftState::leader);
}

TEST(RaftRules, replication_appends_entries_and_refuses_a_gap) {
  RaftHarness h;
  h.node.start(t0);
  Message append;
  append.type = MessageType::append_entries;
  append.term = 2;
  append.prev_log_index = 0;
  append.entry_terms = {1, 2};
  h.node.step(1, append, milliseconds(1));
  EXPECT_EQ(h.node.durable().log.last_index(), 2u);
  EXPECT_TRUE(h.sent().at(0).message.granted);
  Message gap = append;
  gap.prev_log_index = 5;  // we do not have entry 5
  gap.prev_log_term = 2;
  h.node.step(1, gap, milliseconds(2));
  const Message reply = h.sent().at(0).message;
  EXPECT_FALSE(reply.granted);
  EXPECT_EQ(reply.last_log_index, 2u);
  EXPECT_EQ(h.node.durable().log.last_index(), 2u);
}

TEST(RaftConfig, validation_explains_the_ordering_rule) {
  RaftConfig config = testing::three_voters();
  EXPECT_FALSE(config.problem("n0"));
  config.leader_lease_timeout = std::chrono::seconds(2);
  ASSERT_TRUE(config.problem("n0"));
  EXPECT_NE(config.problem("n0")->find("LeaderLeaseTimeout <= HeartbeatTimeout"), std::string::npos);
  RaftConfig election = testing::three_voters();
  election.election_timeout = std::chrono::milliseconds(500);
  ASSERT_TRUE(election.problem("n0"));
  EXPECT_NE(election.problem("n0")->find("HeartbeatTimeout <= ElectionTimeout"), std::string::npos);
  EXPECT_NE(testing::three_voters().problem("n9")->find("\"n9\" is not in its own member list"),
            std::string::npos);
  RaftConfig twice = testing::three_voters();
  twice.members.push_back(twice.members[1]);
  ASSERT_TRUE(twice.problem("n0"));
  EXPECT_NE(twice.problem("n0")->find("\"n1\" is listed twice"), std::string::npos);
  RaftConfig anonymous = testing::three_voters();
  anonymous.members[2].id.clear();
  ASSERT_TRUE(anonymous.problem("n0"));
  EXPECT_NE(anonymous.problem("n0")->find("a member has an empty id"), std::string::npos);
  RaftConfig openziti = RaftConfig::openziti_preset();
  openziti.members = testing::three_voters().members;
  EXPECT_FALSE(openziti.problem("n0"));
  EXPECT_EQ(openziti.heartbeat_timeout, std::chrono::seconds(3));
  EXPECT_EQ(openziti.election_timeout, std::chrono::seconds(5));
}

// A cluster checks its list once for every node (problem()), which is every member's check but
// whether the member is listed: the same problems, and no opinion on an unlisted id.
TEST(RaftConfig, the_list_check_is_every_members_check_but_being_listed) {
  const RaftConfig config = testing::three_voters();
  EXPECT_FALSE(config.problem());
  EXPECT_TRUE(config.problem("n9"));
  RaftConfig twice = testing::three_voters();
  twice.members.push_back(twice.members[1]);
  ASSERT_TRUE(twice.problem());
  EXPECT_EQ(*twice.problem(), *twice.problem("n0"));
  RaftConfig no_voter = testing::three_voters();
  for (RaftMember& member : no_voter.members) member.suffrage = Suffrage::nonvoter;
  ASSERT_TRUE(no_voter.problem());
  EXPECT_EQ(*no_voter.problem(), "members: at least one member must be a voter");
  EXPECT_EQ(*no_voter.problem("n0"), *no_voter.problem());
  RaftConfig lease = testing::three_voters();
  lease.leader_lease_timeout = std::chrono::seconds(2);
  EXPECT_EQ(*lease.problem(), *lease.problem("n1"));
}

}  // namespace
}  // namespace clustersim::model
