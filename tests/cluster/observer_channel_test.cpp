// The path from raft to a tracker, faults one at a time: each does what its real cause does,
// is counted, and a clean channel hands every observation on at once.
#include <gtest/gtest.h>

#include <type_traits>

#include "sim/cluster/observer_channel.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using Kind = model::Observation::Kind;

model::Observation leader(NodeIndex id, std::uint64_t term) { return {Kind::leader, model::RaftState::follower, id, term}; }
model::Observation cleared(std::uint64_t term) { return leader(model::no_node, term); }

struct Delivered {
  Time at;
  model::Observation observation;
};

struct ChannelFixture : ::testing::Test {
  Kernel kernel;
  std::vector<Delivered> given, lost;
  ObserverChannel channel{kernel, Random::for_stream(1, "observer/test"),
                          [this](const model::Observation& o) { given.push_back({kernel.now(), o}); },
                          [this](const model::Observation& o) { lost.push_back({kernel.now(), o}); }};

  void at(int ms, const model::Observation& o) {
    kernel.schedule_at(time_zero + milliseconds(ms), [this, o] { channel.offer(o); });
  }
  void run_to(int ms) { kernel.run_until(time_zero + milliseconds(ms)); }
  // Leader 1 in `term_a`, cleared, then leader 2 in `term_b`, 10 ms apart; then run.
  void change_of_leader(std::uint64_t term_a, std::uint64_t term_b) {
    at(10, leader(1, term_a));
    at(20, cleared(term_a));
    at(30, leader(2, term_b));
    run_to(100);
  }
  // Turns on one fault (all the others off).
  template <typename Value>
  void only(Value ObserverFaults::*field, std::type_identity_t<Value> value) {
    ObserverFaults faults;
    faults.*field = value;
    channel.set_faults(faults);
  }
};

TEST_F(ChannelFixture, a_clean_channel_hands_each_observation_on_at_once_and_counts_nothing) {
  at(10, leader(1, 1));
  at(20, cleared(1));
  run_to(100);
  ASSERT_EQ(given.size(), 2u);
  EXPECT_EQ(given[0].at, time_zero + milliseconds(10));
  EXPECT_EQ(given[1].at, time_zero + milliseconds(20));
  EXPECT_EQ(channel.counters().total(), 0u);
}

TEST_F(ChannelFixture, drop_loses_observations_and_counts_them_as_hashicorp_does) {
  only(&ObserverFaults::drop, 1.0);
  at(10, leader(1, 1));
  at(20, cleared(1));
  run_to(100);
  EXPECT_TRUE(given.empty());
  EXPECT_EQ(lost.size(), 2u);
  EXPECT_EQ(channel.counters().dropped, 2u);
}

TEST_F(ChannelFixture, skip_clear_turns_a_change_into_a_direct_one) {
  only(&ObserverFaults::skip_clear, 1.0);
  change_of_leader(1, 2);
  ASSERT_EQ(given.size(), 2u);
  EXPECT_EQ(given[0].observation.leader, 1u);
  EXPECT_EQ(given[1].observation.leader, 2u);  // A -> B, never "cleared"
  EXPECT_EQ(channel.counters().skipped_clears, 1u);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].observation.leader, model::no_node);
}

TEST_F(ChannelFixture, duplicate_delivers_twice) {
  only(&ObserverFaults::duplicate, 1.0);
  at(10, leader(1, 1));
  run_to(100);
  ASSERT_EQ(given.size(), 2u);
  EXPECT_EQ(given[1].at, given[0].at);
  EXPECT_EQ(channel.counters().duplicated, 1u);
}

TEST_F(ChannelFixture, stale_delivers_the_previous_leader_of_an_older_term_after_a_newer_one) {
  only(&ObserverFaults::stale, 1.0);
  change_of_leader(3, 4);
  ASSERT_EQ(given.size(), 4u);
  EXPECT_EQ(given[2].observation.leader, 2u);
  EXPECT_EQ(given[3].observation.leader, 1u);  // overtaken on its way: term 3 after term 4
  EXPECT_EQ(given[3].observation.term, 3u);
  EXPECT_EQ(channel.counters().stale, 1u);
}

TEST_F(ChannelFixture, drain_every_delivers_late_in_a_burst_on_the_consumers_tick) {
  only(&ObserverFaults::drain_every, milliseconds(100));
  at(110, leader(1, 1));
  at(150, cleared(1));
  at(190, leader(2, 2));
  run_to(199);
  EXPECT_TRUE(given.empty());
  run_to(300);
  ASSERT_EQ(given.size(), 3u);
  for (const Delivered& d : given) EXPECT_EQ(d.at, time_zero + milliseconds(200));
  EXPECT_EQ(given[1].observation.leader, model::no_node);  // in the order raised
  EXPECT_EQ(channel.counters().delayed, 3u);
}

TEST_F(ChannelFixture, a_paused_process_takes_nothing_until_it_resumes_and_a_crash_loses_what_waits) {
  only(&ObserverFaults::drain_every, milliseconds(100));
  at(10, leader(1, 1));
  kernel.schedule_at(time_zero + milliseconds(50), [this] { channel.pause(); });
  kernel.schedule_at(time_zero + milliseconds(250), [this] { channel.resume(); });
  run_to(240);
  EXPECT_TRUE(given.empty());
  run_to(260);
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].at, time_zero + milliseconds(250));

  at(300, leader(2, 2));
  kernel.schedule_at(time_zero + milliseconds(350), [this] { channel.crash(); });
  run_to(1000);
  EXPECT_EQ(given.size(), 1u);  // lost with the process
}

TEST_F(ChannelFixture, clean_faults_deliver_what_waits_at_once) {
  only(&ObserverFaults::drain_every, milliseconds(1000));
  at(10, leader(1, 1));
  kernel.schedule_at(time_zero + milliseconds(20), [this] { channel.set_faults(ObserverFaults{}); });
  run_to(30);
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].at, time_zero + milliseconds(20));
}

TEST(ObserverFaults, name_the_field_that_is_impossible) {
  ObserverFaults f;
  EXPECT_FALSE(f.problem());
  f.stale = 1.5;
  EXPECT_EQ(f.problem().value_or(""), "stale: a probability is between 0 and 1");
  f = {};
  f.wakeup_late = std::chrono::hours(2);
  EXPECT_EQ(f.problem().value_or(""), "wakeup_late: must be between 0 and 1h");
}

}  // namespace
}  // namespace clustersim::sim
