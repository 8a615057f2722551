// The Simulation: a world built from a scenario in a few lines, driven by hand, and a
// runaway world stopped by its limits with the check, the node and the instant named.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/oracle/checks.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using std::chrono::seconds;

Scenario five_nodes(Duration window = seconds(2)) {
  Scenario s;
  s.name = "five";
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(5);
  s.network.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
  s.stability_window = window;
  s.duration = seconds(120);
  return s;
}

TEST(Simulation, a_test_drives_a_world_by_node_id) {
  Simulation sim(five_nodes());
  sim.start();
  ASSERT_TRUE(sim.run_for(seconds(10)));
  const std::string first = sim.leader();
  ASSERT_NE(first, "");
  for (const char* id : {"ctrl1", "ctrl2", "ctrl3", "ctrl4", "ctrl5"}) {
    EXPECT_EQ(sim.node(id).leader(), first) << id;
    EXPECT_EQ(sim.node(id).reported(), (model::LeaderView{true, first})) << id;
  }
  sim.node(first).isolate();
  ASSERT_TRUE(sim.run_for(seconds(10)));
  const std::string second = sim.leader();
  EXPECT_NE(second, "");
  EXPECT_NE(second, first);
  EXPECT_GT(sim.node(second).term(), sim.node(first).term() - 1);
  EXPECT_EQ(sim.node(first).reported(), (model::LeaderView{}));  // the isolated one has none
  sim.node(second).crash();
  EXPECT_EQ(sim.node(second).role(), model::RaftState::shutdown);
  EXPECT_EQ(sim.node(second).reported(), std::nullopt);  // a crashed node's tracker is gone
}

TEST(Simulation, listeners_hear_in_construction_order_so_inputs_precede_their_events) {
  // Every event a node's tracker emits is caused by an input logged before it: the log's
  // sequence numbers come first for the same instant.
  const RunResult run = run_scenario(five_nodes());
  ASSERT_FALSE(run.events.empty());
  for (const RecordedEvent& event : run.events) {
    const auto& inputs = run.inputs[event.node];
    const bool caused = std::any_of(inputs.begin(), inputs.end(), [&](const LoggedInput& input) {
      return input.sequence < event.sequence && input.at <= event.at;
    });
    EXPECT_TRUE(caused) << event_line(event);
  }
}

// A tracker whose deadline never moves past its first wake-up (the off-by-one that keeps
// asking to be woken "now"), or with `crawl`, moves one nanosecond past each wake-up.
class RearmsForever final : public model::LeaderStateTracker {
 public:
  RearmsForever(const model::TrackerConfig& config, model::EventSink& sink, bool crawl = false)
      : inner_(model::make_tracker(config, sink)), crawl_(crawl) {}
  void start(Nanos now) override { inner_->start(now); }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override { inner_->on_raft_state(state, term, now); }
  void on_leader(std::string_view leader, std::uint64_t term, Nanos now) override { inner_->on_leader(leader, term, now); }
  void on_members(model::PeerList members, std::uint64_t index, Nanos now) override {
    inner_->on_members(std::move(members), index, now);
  }
  void on_wakeup(Nanos now) override {
    inner_->on_wakeup(now);
    if (!stuck_ || crawl_) stuck_ = crawl_ ? now + Nanos{1} : now;
  }
  std::optional<Nanos> wakeup_deadline() const override { return stuck_ ? stuck_ : inner_->wakeup_deadline(); }
  const model::LeaderView& reported() const override { return inner_->reported(); }
  bool started() const override { return inner_->started(); }

 private:
  std::unique_ptr<model::LeaderStateTracker> inner_;
  bool crawl_;
  std::optional<Nanos> stuck_;
};

TEST(Simulation, a_tracker_that_rearms_the_same_deadline_fails_no_progress_naming_its_node) {
  RunOptions options;
  options.tracker_factory = [](const model::TrackerConfig& config, model::EventSink& sink) {
    return std::make_unique<RearmsForever>(config, sink);
  };
  // Below the trackers' own limit of wake-ups per second, so that the kernel's stops it.
  options.limits.events_per_instant_max = tracker_wakeups_per_second_max / 10;
  const RunResult run = run_scenario(five_nodes(), options);
  ASSERT_TRUE(run.limit.has_value());
  EXPECT_EQ(run.limit->check, "no_progress");
  ASSERT_NE(run.limit->node, model::no_node);
  EXPECT_LT(run.limit->at, time_zero + seconds(120));  // stopped, not run to the end
  const OracleReport report = check_run(run, nullptr);
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_EQ(report.checks[1].name, "no_progress");
  ASSERT_FALSE(report.checks[1].passed());
  EXPECT_EQ(report.checks[1].failures[0].node, run.limit->node);
  EXPECT_NE(describe_failures(run, report).find("no_progress (" + run.node_ids[run.limit->node]), std::string::npos);
}

TEST(Simulation, a_tracker_whose_timer_crawls_is_stopped_and_fails_no_progress_within_a_second) {
  RunOptions options;
  options.tracker_factory = [](const model::TrackerConfig& config, model::EventSink& sink) {
    return std::make_unique<RearmsForever>(config, sink, true);
  };
  const RunResult run = run_scenario(five_nodes(), options);
  EXPECT_FALSE(run.limit.has_value());  // the run itself went on to its end
  ASSERT_FALSE(run.runaway_trackers.empty());
  const RunawayTracker& first = run.runaway_trackers.front();
  const OracleReport report = check_run(run, nullptr);
  ASSERT_FALSE(report.checks[1].passed());
  EXPECT_EQ(report.checks[1].failures[0].node, first.node);
  EXPECT_NE(report.checks[1].failures[0].message.find("virtual time crawled"), std::string::npos);
  // Far less than the 500M-event budget a crawl would otherwise spend.
  EXPECT_LT(run.kernel_events, 20 * std::uint64_t{tracker_wakeups_per_second_max});
}

TEST(Simulation, a_world_over_its_event_budget_fails_event_budget_and_keeps_its_record) {
  RunOptions options;
  options.limits.events_max = 5'000;
  const RunResult run = run_scenario(five_nodes(), options);
  ASSERT_TRUE(run.limit.has_value());
  EXPECT_EQ(run.limit->check, "event_budget");
  EXPECT_EQ(run.kernel_events, 5'000u);
  EXPECT_FALSE(run.events.empty());  // what happened before the stop is kept
  const OracleReport report = check_run(run, nullptr);
  EXPECT_EQ(report.checks[0].name, "event_budget");
  EXPECT_FALSE(report.checks[0].passed());
  EXPECT_EQ(report.exit_code(), 1);
}

TEST(Simulation, a_healthy_world_passes_both_limit_checks) {
  const RunResult run = run_scenario(five_nodes());
  EXPECT_FALSE(run.limit.has_value());
  const OracleReport report = check_run(run, nullptr);
  EXPECT_TRUE(report.checks[0].passed());
  EXPECT_TRUE(report.checks[1].passed());
}

TEST(Simulation, a_stopped_world_stays_stopped) {
  RunOptions options;
  options.limits.events_max = 1'000;
  Simulation sim(five_nodes(), options);
  sim.start();
  EXPECT_FALSE(sim.run_for(seconds(60)));
  const Time stopped_at = sim.now();
  EXPECT_FALSE(sim.run_for(seconds(60)));
  EXPECT_EQ(sim.now(), stopped_at);
  ASSERT_TRUE(sim.limit().has_value());
  EXPECT_EQ(sim.limit()->check, "event_budget");
}

}  // namespace
}  // namespace clustersim::sim
