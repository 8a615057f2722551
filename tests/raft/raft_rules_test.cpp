// The election model, rule by rule. Each test names the Raft paper's or hashicorp/raft's rule
// it checks. Randomness is fixed at the lower bound, so random_timeout(x) is x.
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

TEST(RaftRules, pre_vote_does_not_raise_the_term) {
  RaftHarness h;
  h.node.start(t0);
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));
  EXPECT_EQ(h.node.role(), RaftState::candidate);
  EXPECT_EQ(h.node.term(), 0u);  // candidate, but still in term 0
  const auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].message.type, MessageType::request_pre_vote);
  EXPECT_EQ(sent[0].message.term, 1u);  // asks about the next term
  // A voter answering a pre-vote does not change its own term either.
  RaftHarness voter;
  voter.node.start(t0);
  voter.node.step(1, voter.vote_request(MessageType::request_pre_vote, 5, 0, 0), milliseconds(1));
  EXPECT_EQ(voter.node.term(), 0u);
  EXPECT_TRUE(voter.sent().at(0).message.granted);
}

TEST(RaftRules, a_won_pre_vote_starts_a_real_election_in_the_next_term) {
  RaftHarness h;
  h.node.start(t0);
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));
  h.sent();
  h.node.step(2, h.vote_response(MessageType::request_pre_vote_response, 0, true), milliseconds(1001));
  EXPECT_EQ(h.node.term(), 1u);
  EXPECT_EQ(h.node.durable().voted_for, 0u);  // voted for itself
  const auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].message.type, MessageType::request_vote);
}

TEST(RaftRules, observation_order_election_winner_sees_leader_state_then_itself) {
  RaftHarness h;
  h.node.start(t0);
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(1000));
  h.node.step(1, h.vote_response(MessageType::request_pre_vote_response, 0, true), milliseconds(1001));
  h.observations();
  h.node.step(1, h.vote_response(MessageType::request_vote_response, 1, true), milliseconds(1002));
  EXPECT_EQ(h.observations(), (Strings{"Leader", "leader=n0"}));
}

TEST(RaftRules, vote_once_per_term) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.vote_request(MessageType::request_vote, 2, 0, 0), milliseconds(1));
  h.node.step(2, h.vote_request(MessageType::request_vote, 2, 0, 0), milliseconds(2));
  h.node.step(1, h.vote_request(MessageType::request_vote, 2, 0, 0), milliseconds(3));  // a retry
  const auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_TRUE(sent[0].message.granted);
  EXPECT_FALSE(sent[1].message.granted);  // already voted for n1 in term 2
  EXPECT_TRUE(sent[2].message.granted);   // the same candidate asking again
  EXPECT_EQ(h.node.term(), 2u);
}

TEST(RaftRules, reject_a_candidate_whose_log_is_behind) {
  DurableState durable;
  durable.current_term = 2;
  durable.log.append(1);
  durable.log.append(2);  // last entry: index 2, term 2
  RaftHarness h(testing::three_voters(), durable);
  h.node.start(t0);
  h.node.step(1, h.vote_request(MessageType::request_vote, 3, 5, 1), milliseconds(1));  // older last term
  h.node.step(1, h.vote_request(MessageType::request_vote, 4, 1, 2), milliseconds(2));  // shorter
  h.node.step(2, h.vote_request(MessageType::request_vote, 5, 2, 2), milliseconds(3));  // as good
  const auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_FALSE(sent[0].message.granted);
  EXPECT_FALSE(sent[1].message.granted);
  EXPECT_TRUE(sent[2].message.granted);
}

TEST(RaftRules, leader_stickiness_rejects_votes_while_a_leader_is_known) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.heartbeat_from_term(1), milliseconds(1));
  h.sent();
  h.node.step(2, h.vote_request(MessageType::request_vote, 7, 10, 5), milliseconds(2));
  EXPECT_FALSE(h.sent().at(0).message.granted);
  EXPECT_EQ(h.node.term(), 1u);  // not even the term is adopted
  RaftConfig loose = testing::three_voters();
  loose.leader_stickiness = false;
  RaftHarness classic(loose);
  classic.node.start(t0);
  classic.node.step(1, classic.heartbeat_from_term(1), milliseconds(1));
  classic.sent();
  classic.node.step(2, classic.vote_request(MessageType::request_vote, 7, 10, 5), milliseconds(2));
  EXPECT_TRUE(classic.sent().at(0).message.granted);
}

TEST(RaftRules, higher_term_steps_a_leader_down_leader_cleared_first) {
  RaftHarness h;
  make_leader(h);
  Message response;
  response.type = MessageType::append_entries_response;
  response.term = 4;
  h.node.step(2, response, milliseconds(1100));
  EXPECT_EQ(h.node.role(), RaftState::follower);
  EXPECT_EQ(h.node.term(), 4u);
  EXPECT_EQ(h.observations(), (Strings{"leader=", "Follower"}));
}

TEST(RaftRules, observation_order_follower_moving_from_a_to_b) {
  RaftHarness h;
  h.node.start(t0);
  h.node.step(1, h.heartbeat_from_term(1), milliseconds(1));
  h.observations();
  h.node.step(2, h.heartbeat_from_term(2), milliseconds(2));
  EXPECT_EQ(h.observations(), (Strings{"leader=", "leader=n2"}));
}

TEST(RaftRules, leader_without_quorum_contact_steps_down_within_the_lease) {
  RaftHarness h;
  make_leader(h);  // became leader at 1.002 s; lease 500 ms
  h.node.on_timer(TimerKind::lease, no_node, milliseconds(1502));  // contacts 500 ms old: ok
  EXPECT_EQ(h.node.role(), RaftState::leader);
  h.node.on_timer(TimerKind::lease, no_node, milliseconds(1600));  // older than the lease
  EXPECT_EQ(h.node.role(), RaftState::follower);
  EXPECT_EQ(h.observations(), (Strings{"leader=", "Follower"}));
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

TEST(RaftRules, restarted_node_keeps_term_and_vote) {
  RaftHarness before;
  before.node.start(t0);
  before.node.step(1, before.vote_request(MessageType::request_vote, 3, 0, 0), milliseconds(1));
  const DurableState saved = before.node.durable();
  RaftHarness after(testing::three_voters(), saved);  // a crash loses everything else
  after.node.start(milliseconds(100));
  EXPECT_EQ(after.node.term(), 3u);
  after.node.step(2, after.vote_request(MessageType::request_vote, 3, 0, 0), milliseconds(101));
  EXPECT_FALSE(after.sent().at(0).message.granted);  // its vote in term 3 went to n1
}

TEST(RaftRules, a_non_voter_clears_its_leader_but_never_campaigns) {
  RaftConfig config = testing::three_voters();
  config.members.push_back({"n3", false});
  RaftHarness h(config, {}, 3);
  h.node.start(t0);
  h.node.step(0, h.heartbeat_from_term(1), milliseconds(1));
  h.observations();
  h.sent();  // the heartbeat's answer
  h.node.on_timer(TimerKind::follower, no_node, milliseconds(5000));
  EXPECT_EQ(h.node.role(), RaftState::follower);
  EXPECT_EQ(h.observations(), Strings{"leader="});
  EXPECT_TRUE(h.sent().empty());
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

TEST(RaftRules, a_new_leader_appends_a_no_op_and_replicates_it) {
  RaftHarness h;
  make_leader(h);
  EXPECT_EQ(h.node.durable().log.last_index(), 1u);
  EXPECT_EQ(h.node.durable().log.last_term(), 1u);
  h.node.on_timer(TimerKind::peer_heartbeat, 1, milliseconds(1102));
  const auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].message.heartbeat);
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

}  // namespace
}  // namespace clustersim::model
