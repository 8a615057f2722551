// The oracles catch what they are for: each test takes a clean run, breaks its record in one
// way, and requires the matching check (and only a failing verdict) to notice.
#include <gtest/gtest.h>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"

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
