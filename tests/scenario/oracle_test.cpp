// The oracles catch what they are for: each test takes a clean run, breaks its record in one
// way, and requires the matching check (and only a failing verdict) to notice.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "model/events/event_json.h"

namespace clustersim::sim {
namespace {

RunResult clean_run(model::TrackerPolicy policy) {
  const Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/leader_crash_restart.json");
  RunOptions options;
  options.policy = policy;
  return run_scenario(scenario, options);
}

std::size_t first_has_leader_after(const RunResult& run, Time after) {
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    if (run.events[i].event.type == model::ClusterEventType::state_has_leader && run.events[i].at > after) return i;
  }
  ADD_FAILURE() << "no has_leader event";
  return 0;
}

bool fails(const CheckResult& check) { return !check.passed(); }

TEST(Oracles, a_clean_run_passes_them_all) {
  for (auto policy : {model::TrackerPolicy::stable, model::TrackerPolicy::openziti}) {
    const RunResult run = clean_run(policy);
    EXPECT_EQ(check_run(run, nullptr).exit_code(), 0);
  }
}

TEST(Oracles, alternation_catches_a_repeated_has_leader) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  const std::size_t i = first_has_leader_after(run, time_zero);
  run.events.insert(run.events.begin() + static_cast<std::ptrdiff_t>(i) + 1, run.events[i]);
  EXPECT_TRUE(fails(check_alternation(run)));
  EXPECT_EQ(check_run(run, nullptr).exit_code(), 1);
}

TEST(Oracles, soundness_catches_a_wrong_leader) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  RecordedEvent& e = run.events[first_has_leader_after(run, time_zero)];
  e.event.leader_id = e.event.leader_id == "ctrl1" ? "ctrl2" : "ctrl1";
  EXPECT_TRUE(fails(check_soundness(run)));
}

TEST(Oracles, soundness_catches_a_report_one_nanosecond_before_the_window) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  RecordedEvent& e = run.events[first_has_leader_after(run, time_zero)];
  e.at -= Duration{1};
  e.event.timestamp.unix_ns -= 1;
  const CheckResult soundness = check_soundness(run);
  ASSERT_TRUE(fails(soundness));
  EXPECT_NE(soundness.failures[0].message.find("before its 3s window"), std::string::npos);
}

TEST(Oracles, completeness_catches_a_missing_report) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  run.events.erase(run.events.begin() + static_cast<std::ptrdiff_t>(first_has_leader_after(run, time_zero)));
  const CheckResult completeness = check_completeness_timeliness(run);
  ASSERT_TRUE(fails(completeness));
  EXPECT_NE(completeness.failures[0].message.find("had not reported it by"), std::string::npos);
}

TEST(Oracles, the_openziti_reference_catches_a_missing_announcement) {
  RunResult run = clean_run(model::TrackerPolicy::openziti);
  run.events.erase(run.events.begin());  // node 0's announcement at start
  EXPECT_TRUE(fails(check_openziti_reference(run)));
}

TEST(Oracles, format_catches_a_wrong_source) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  run.events[3].event.source_id = "someone_else";
  EXPECT_TRUE(fails(check_format(run)));
}

TEST(Oracles, format_catches_a_stamp_from_another_instant) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  // The shape of a tracker that stamps the time its candidate state began, not the decision.
  const std::size_t i = first_has_leader_after(run, time_zero);
  run.events[i].event.timestamp.unix_ns -= 1;
  const CheckResult check = check_format(run);
  ASSERT_TRUE(fails(check));
  EXPECT_NE(check.failures.front().message.find("is not the instant it was emitted"), std::string::npos)
      << check.failures.front().message;
}

TEST(Oracles, format_catches_a_leader_id_where_it_does_not_belong_or_missing) {
  RunResult stale = clean_run(model::TrackerPolicy::stable);
  for (RecordedEvent& e : stale.events) {
    if (e.event.type == model::ClusterEventType::state_is_leaderless) {
      e.event.leader_id = "ctrl1";  // a stale leaderId left on an is_leaderless event
      break;
    }
  }
  EXPECT_TRUE(fails(check_format(stale)));
  RunResult missing = clean_run(model::TrackerPolicy::stable);
  missing.events[first_has_leader_after(missing, time_zero)].event.leader_id.clear();
  EXPECT_TRUE(fails(check_format(missing)));
}

TEST(Oracles, format_catches_peers_on_an_event_openziti_sends_without_them) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  run.events[first_has_leader_after(run, time_zero)].event.peers = {member_peer("ctrl1")};
  const CheckResult check = check_format(run);
  ASSERT_TRUE(fails(check));
  EXPECT_NE(check.failures.front().message.find("carry peers, not state.has_leader"), std::string::npos)
      << check.failures.front().message;
}

std::size_t first_of_type(const RunResult& run, model::ClusterEventType type) {
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    if (run.events[i].event.type == type) return i;
  }
  ADD_FAILURE() << "no " << model::event_type_name(type) << " event";
  return 0;
}

TEST(Oracles, role_events_catch_a_duplicate_gained_the_2684_shape) {
  for (auto policy : {model::TrackerPolicy::stable, model::TrackerPolicy::openziti}) {
    RunResult run = clean_run(policy);
    const std::size_t i = first_of_type(run, model::ClusterEventType::leadership_gained);
    run.events.insert(run.events.begin() + static_cast<std::ptrdiff_t>(i) + 1, run.events[i]);
    const CheckResult check = check_role_events(run);
    ASSERT_TRUE(fails(check)) << model::policy_name(policy);
    EXPECT_NE(check.failures.front().message.find("no role change explains"), std::string::npos)
        << check.failures.front().message;
  }
}

TEST(Oracles, role_events_catch_a_missing_gained_and_wrong_peers) {
  RunResult missing = clean_run(model::TrackerPolicy::stable);
  missing.events.erase(missing.events.begin() +
                       static_cast<std::ptrdiff_t>(first_of_type(missing, model::ClusterEventType::leadership_gained)));
  const CheckResult check = check_role_events(missing);
  ASSERT_TRUE(fails(check));
  EXPECT_NE(check.failures.front().message.find("leadership.gained"), std::string::npos) << check.failures.front().message;

  RunResult peers = clean_run(model::TrackerPolicy::stable);
  peers.events[first_of_type(peers, model::ClusterEventType::leadership_gained)].event.peers.pop_back();
  EXPECT_TRUE(fails(check_role_events(peers)));
}

TEST(Oracles, role_events_catch_a_gained_emitted_after_the_next_input) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  // Every record's number doubled leaves a free number after each one.
  for (RecordedEvent& e : run.events) e.sequence *= 2;
  for (auto& inputs : run.inputs) {
    for (LoggedInput& input : inputs) input.sequence *= 2;
  }
  RecordedEvent& gained = run.events[first_of_type(run, model::ClusterEventType::leadership_gained)];
  const auto& inputs = run.inputs[gained.node];
  const auto next = std::find_if(inputs.begin(), inputs.end(), [&](const LoggedInput& input) { return input.sequence > gained.sequence; });
  ASSERT_NE(next, inputs.end());
  gained.sequence = next->sequence + 1;  // as if emitted after the tracker's next input
  std::stable_sort(run.events.begin(), run.events.end(),
                   [](const RecordedEvent& a, const RecordedEvent& b) { return a.sequence < b.sequence; });
  const CheckResult check = check_role_events(run);
  ASSERT_TRUE(fails(check));
  EXPECT_NE(check.failures.front().message.find("not emitted when"), std::string::npos) << check.failures.front().message;
}

TEST(Oracles, announcement_catches_none_and_two) {
  RunResult none = clean_run(model::TrackerPolicy::stable);
  none.events.erase(none.events.begin());  // node 0's announcement at start
  const CheckResult missing = check_announcement(none);
  ASSERT_TRUE(fails(missing));
  EXPECT_NE(missing.failures.front().message.find("announced nothing"), std::string::npos);

  RunResult twice = clean_run(model::TrackerPolicy::openziti);
  RecordedEvent again = twice.events.front();
  again.sequence += 1;  // still before the tracker's first input
  twice.events.insert(twice.events.begin() + 1, again);
  const CheckResult repeated = check_announcement(twice);
  ASSERT_TRUE(fails(repeated));
  EXPECT_NE(repeated.failures.front().message.find("announced 2 times"), std::string::npos);
}

TEST(Oracles, election_safety_catches_two_leaders_in_one_term) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  const auto& [term, leader] = *run.truth.leaders_by_term().begin();
  run.truth.record((leader + 1) % 5, time_zero + std::chrono::seconds(99), model::RaftState::leader, term, model::no_node);
  EXPECT_TRUE(fails(check_election_safety(run)));
}

TEST(Oracles, liveness_failure_alone_exits_3) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  ASSERT_TRUE(run.liveness.has_value());
  run.liveness->reported[2] = model::LeaderView{};  // a tracker that never caught up
  const OracleReport report = check_run(run, nullptr);
  EXPECT_EQ(report.exit_code(), 3);
}

TEST(Oracles, expectations_compare_against_a_golden_stream) {
  RunResult run = clean_run(model::TrackerPolicy::stable);
  run.scenario.expect.golden_base = "golden/x";
  const std::string same = events_jsonl(run);
  EXPECT_TRUE(check_expectations(run, &same).passed());
  std::string changed = same;
  changed.replace(changed.find("ctrl"), 5, "ctrlX");
  const CheckResult differs = check_expectations(run, &changed);
  ASSERT_TRUE(fails(differs));
  EXPECT_NE(differs.failures[0].message.find("differs from the golden stream at line 1"), std::string::npos);
  EXPECT_TRUE(fails(check_expectations(run, nullptr)));  // missing golden file
}

}  // namespace
}  // namespace clustersim::sim
