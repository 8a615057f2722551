// Timeline actions as types: every kind reads what it writes, the lifecycle and flap-overlap
// rules say the same thing to the parser and to the swarm generator, and each kind describes
// itself to a timeline.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/world_spec.h"

namespace clustersim::sim {
namespace {

const char* every_kind = R"({
  "name": "every_kind",
  "purpose": "One action of every kind, to read back what is written.",
  "duration": "120s",
  "cluster": { "nodes": 5, "joining": ["ctrl5"] },
  "tracker": { "policy": "stable", "stability_window": "2s" },
  "timeline": [
    { "at": "1s", "action": "partition", "groups": [["ctrl1", "ctrl2"], ["leader"]] },
    { "at": "2s", "action": "partition_one_way", "from": ["ctrl1"], "to": ["ctrl3", "ctrl4"] },
    { "at": "3s", "action": "isolate", "node": "leader" },
    { "at": "4s", "action": "heal" },
    { "at": "5s", "action": "flap_link", "a": "ctrl1", "b": "ctrl2", "period": "2s", "duty_cycle": 0.25,
      "jitter": "10ms", "until": "20s", "one_way": true },
    { "at": "6s", "action": "flap_node", "node": "ctrl3", "period": "3s", "until": "30s" },
    { "at": "7s", "action": "crash", "node": "ctrl4", "random_delay": "500ms" },
    { "at": "8s", "action": "restart", "node": "ctrl4" },
    { "at": "9s", "action": "pause", "node": "ctrl2" },
    { "at": "10s", "action": "resume", "node": "ctrl2" },
    { "at": "10.5s", "action": "upgrade", "node": "ctrl1", "version": "v2.1.1", "downtime": "3s" },
    { "at": "11s", "action": "set_link", "from": "ctrl1", "to": "ctrl2", "latency": { "fixed": "5ms" },
      "loss": 0.1, "one_way": true },
    { "at": "11.5s", "action": "set_observer", "node": "all", "drop": 0.1, "duplicate": 0.2, "skip_clear": 0.3,
      "stale": 0.4, "drain_every": "250ms", "wakeup_late": "50ms", "wakeup_early": 0.5, "wakeup_repeat": 0.6 },
    { "at": "12s", "action": "writes", "rate": 20, "until": "40s" },
    { "at": "13s", "action": "add_member", "node": "ctrl5", "voter": false },
    { "at": "14s", "action": "promote", "node": "ctrl5" },
    { "at": "15s", "action": "demote", "node": "ctrl5" },
    { "at": "16s", "action": "remove_member", "node": "ctrl5" },
    { "at": "17s", "action": "transfer_leadership", "to": "ctrl2" },
    { "at": "60s", "action": "stop_faults", "liveness_bound": "30s" }
  ]
})";

// What reading `json` says: its error, or "accepted".
std::string read_problem(const std::string& json) {
  try {
    parse_scenario(json, "x.json");
  } catch (const ScenarioError& error) {
    return std::string(error.what());
  }
  return "accepted";
}

TEST(Actions, every_kind_reads_back_what_it_writes) {
  const Scenario first = parse_scenario(every_kind, "every_kind.json");
  ASSERT_EQ(first.timeline.size(), std::variant_size_v<Action>);  // one of each kind
  const std::string written = write_scenario(first);
  const Scenario second = parse_scenario(written, "rewritten.json");
  EXPECT_EQ(write_scenario(second), written);
  ASSERT_EQ(second.timeline.size(), first.timeline.size());
  for (std::size_t i = 0; i < first.timeline.size(); ++i) {
    EXPECT_EQ(second.timeline[i].name(), first.timeline[i].name());
    EXPECT_EQ(second.timeline[i].at, first.timeline[i].at);
  }
  const auto& crash = std::get<Crash>(second.timeline[6].action);
  EXPECT_EQ(crash.random_delay, std::chrono::milliseconds(500));
  const auto& link = std::get<FlapLink>(second.timeline[4].action);
  EXPECT_TRUE(link.flap.one_way);
  EXPECT_EQ(link.flap.down_fraction, 0.25);
  const auto& upgrade = std::get<Upgrade>(second.timeline[10].action);
  EXPECT_EQ(upgrade.version, "v2.1.1");
  EXPECT_EQ(upgrade.downtime, std::chrono::seconds(3));
  EXPECT_TRUE(std::get<SetLink>(second.timeline[11].action).one_way);
  const auto& observer = std::get<SetObserver>(second.timeline[12].action);
  EXPECT_EQ(observer.node, "all");
  const ObserverFaults want{0.1, 0.2, 0.3, 0.4, std::chrono::milliseconds(250), std::chrono::milliseconds(50), 0.5, 0.6};
  EXPECT_EQ(observer.faults, want);
  EXPECT_FALSE(std::get<AddMember>(second.timeline[14].action).voter);
  EXPECT_EQ(std::get<TransferLeadership>(second.timeline[18].action).to, "ctrl2");
}

// What the timeline asks of the membership is checked as the file is read, naming the action:
// a change is refused there only if it is impossible whichever earlier changes the leader took
// (any of them may be refused at run time).
TEST(Actions, a_membership_change_impossible_whatever_came_before_is_refused_when_read) {
  const auto message_of = [](const std::string& cluster, const std::string& timeline) {
    return read_problem(R"({"name": "x", "purpose": "p.", "duration": "60s", "cluster": )" + cluster +
                        R"(, "timeline": [)" + timeline + "]}");
  };
  const std::string four = R"({"nodes": 4, "joining": ["ctrl4"], "non_voters": ["ctrl3"]})";
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "add_member", "node": "ctrl1"})")
                .find("timeline[0]: add_member ctrl1: ctrl1 is already a member at this point of the timeline"),
            std::string::npos);
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "promote", "node": "ctrl4"})").find("ctrl4 is not a non-voter"),
            std::string::npos);
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "demote", "node": "ctrl3"})").find("ctrl3 is not a voter"),
            std::string::npos);
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "remove_member", "node": "ctrl4"})").find("ctrl4 is not a member"),
            std::string::npos);
  EXPECT_NE(message_of(R"({"nodes": 2, "non_voters": ["ctrl2"]})", R"({"at": "1s", "action": "remove_member", "node": "ctrl1"})")
                .find("timeline[0]: remove_member ctrl1: it would leave no voter"),
            std::string::npos);
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "transfer_leadership", "to": "ctrl3"})")
                .find("timeline[0].to: ctrl3 is not a voter"),
            std::string::npos);
  EXPECT_NE(message_of(four, R"({"at": "1s", "action": "remove_member", "node": "follower"})").find("timeline[0].node"),
            std::string::npos);
  // The first add may find no leader: asking again is possible, and so is what follows it.
  EXPECT_EQ(message_of(four, R"({"at": "1s", "action": "add_member", "node": "ctrl4"},
                                {"at": "2s", "action": "add_member", "node": "ctrl4"},
                                {"at": "3s", "action": "promote", "node": "ctrl3"},
                                {"at": "4s", "action": "transfer_leadership", "to": "ctrl3"})"),
            "accepted");
  // After the leader removes itself, any voter may be gone: adding one back is possible.
  EXPECT_EQ(message_of(four, R"({"at": "1s", "action": "remove_member", "node": "leader"},
                                {"at": "2s", "action": "add_member", "node": "ctrl2"})"),
            "accepted");
}

TEST(Actions, set_observer_refuses_what_no_channel_can_do_and_names_the_field) {
  const auto message_of = [](const std::string& fields) {
    return read_problem(R"({"name": "x", "purpose": "p.", "duration": "10s", "cluster": {"nodes": 3},
      "timeline": [{"at": "1s", "action": "set_observer", )" + fields + "}]}");
  };
  EXPECT_NE(message_of(R"("node": "ctrl1", "drop": 1.5)").find("timeline[0].drop"), std::string::npos);
  EXPECT_NE(message_of(R"("node": "ctrl1", "drain_every": "2h")").find("timeline[0]: drain_every: must be between 0 and 1h"),
            std::string::npos);
  EXPECT_NE(message_of(R"("node": "ctrl9", "drop": 0.5)").find("timeline[0].node"), std::string::npos);
  EXPECT_NE(message_of(R"("node": "ctrl1", "lose": 0.5)").find("lose"), std::string::npos);
  EXPECT_EQ(message_of(R"("node": "leader", "stale": 1)"), "accepted");
}

TEST(Actions, an_unknown_kind_lists_every_kind_by_name) {
  try {
    parse_scenario(R"({"name": "x", "purpose": "p.", "duration": "10s", "cluster": {"nodes": 3},
      "timeline": [{"at": "1s", "action": "explode"}]})", "x.json");
    FAIL() << "accepted an unknown action";
  } catch (const ScenarioError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("timeline[0].action: unknown action \"explode\""), std::string::npos) << message;
    EXPECT_NE(message.find(action_names()), std::string::npos) << message;
  }
  EXPECT_EQ(action_names(),
            "add_member, crash, demote, flap_link, flap_node, heal, isolate, partition, partition_one_way, pause, "
            "promote, remove_member, restart, resume, set_link, set_observer, stop_faults, transfer_leadership, "
            "upgrade, writes");
}

TEST(Actions, a_crash_with_a_random_delay_happens_at_the_same_drawn_instant_for_a_seed) {
  const Scenario s = parse_scenario(every_kind, "every_kind.json");
  const TimedAction& crash = s.timeline[6];
  const Time when = crash.when(42);
  EXPECT_GE(when, crash.at);
  EXPECT_LT(when, crash.at + std::chrono::milliseconds(500));
  EXPECT_EQ(crash.when(42), when);
  EXPECT_EQ(s.timeline[5].when(42), s.timeline[5].at);  // kinds without a delay happen at `at`
}

TEST(LifecycleRule, allows_exactly_the_moves_a_process_can_make) {
  LifecycleRule rule({"ctrl1"});
  EXPECT_EQ(rule.take("ctrl1", Restart::lifecycle), std::string("it is running (crash it first)"));
  EXPECT_EQ(rule.take("ctrl1", Resume::lifecycle), std::string("it is not paused"));
  EXPECT_EQ(rule.take("ctrl1", Pause::lifecycle), nullptr);
  EXPECT_EQ(rule.state("ctrl1"), NodeState::paused);
  EXPECT_EQ(rule.take("ctrl1", Pause::lifecycle), std::string("it is already paused"));
  EXPECT_EQ(rule.take("ctrl1", Crash::lifecycle), nullptr);  // a paused process can be killed
  EXPECT_EQ(rule.take("ctrl1", Crash::lifecycle), std::string("it is already crashed"));
  EXPECT_EQ(rule.take("ctrl1", Pause::lifecycle), std::string("it is crashed"));
  EXPECT_EQ(rule.take("ctrl1", Restart::lifecycle), nullptr);
  EXPECT_EQ(rule.state("ctrl1"), NodeState::up);
  EXPECT_EQ(rule.take("leader", Restart::lifecycle), nullptr);  // resolved when it runs
}

TEST(LifecycleRule, the_parser_refuses_what_the_rule_refuses) {
  try {
    parse_scenario(R"({"name": "x", "purpose": "p.", "duration": "10s", "cluster": {"nodes": 3},
      "timeline": [{"at": "1s", "action": "pause", "node": "ctrl2"},
                   {"at": "2s", "action": "restart", "node": "ctrl2"}]})", "x.json");
    FAIL() << "accepted a restart of a paused node";
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("timeline[1]: restart ctrl2: it is running (crash it first)"),
              std::string::npos)
        << error.what();
  }
}

TEST(FlapOverlap, refuses_a_second_flap_of_a_target_before_the_first_ends_and_names_it) {
  FlapOverlap overlap;
  FlapSpec first;
  first.start = time_zero + std::chrono::seconds(1);
  first.end = time_zero + std::chrono::seconds(10);
  EXPECT_EQ(overlap.add("link:ctrl1-ctrl2", first, "timeline[0]"), std::nullopt);
  FlapSpec second = first;
  second.start = time_zero + std::chrono::seconds(9);
  second.end = time_zero + std::chrono::seconds(20);
  EXPECT_EQ(overlap.add("link:ctrl1-ctrl2", second, "timeline[1]"), std::optional<std::string>("timeline[0]"));
  EXPECT_EQ(overlap.add("node:ctrl1", second, "timeline[2]"), std::nullopt);  // another target
  second.start = time_zero + std::chrono::seconds(10);  // back to back is fine
  EXPECT_EQ(overlap.add("link:ctrl1-ctrl2", second, "timeline[3]"), std::nullopt);
  const FlapLink forward{"ctrl1", "ctrl2", {}};
  const FlapLink backward{"ctrl2", "ctrl1", {}};
  EXPECT_EQ(forward.target(), backward.target());
}

TEST(FlapOverlap, the_swarm_generator_keeps_only_flaps_the_parser_accepts) {
  // Many flaps of one node at random times: whatever the generator keeps must parse.
  WorldSpec spec;
  spec.seed = 5;
  spec.fault_phase_ms = 60000;
  for (int i = 0; i < 40; ++i) spec.faults.push_back(FaultSpec{5, i * 1500, 0, 1, 5000, 1000, 50});
  for (int i = 0; i < 20; ++i) spec.faults.push_back(FaultSpec{6, i * 2900, 1, 0, 100, 100, 50});  // crash/restart
  const Scenario scenario = to_scenario(spec);
  std::size_t flaps = 0;
  for (const TimedAction& a : scenario.timeline) flaps += a.get_if<FlapNode>() != nullptr ? 1u : 0u;
  EXPECT_GT(flaps, 5u);
  EXPECT_LT(flaps, 40u);  // overlapping ones were left out
  const Scenario reread = parse_scenario(write_scenario(scenario), "generated.json");
  EXPECT_EQ(reread.timeline.size(), scenario.timeline.size());
}

TEST(Actions, each_kind_says_how_a_timeline_draws_it) {
  const Scenario s = parse_scenario(every_kind, "every_kind.json");
  EXPECT_EQ(s.timeline[0].drawing().shape, FaultDrawing::Shape::cut_begins);  // partition
  EXPECT_EQ(s.timeline[3].drawing().shape, FaultDrawing::Shape::cut_ends);    // heal
  const FaultDrawing flap = s.timeline[5].drawing();                           // flap_node ctrl3
  EXPECT_EQ(flap.shape, FaultDrawing::Shape::flap);
  EXPECT_EQ(flap.nodes, std::vector<std::string>{"ctrl3"});
  EXPECT_EQ(flap.label, "flap_node every 3s from 6s to 30s");
  EXPECT_EQ(s.timeline[6].drawing().shape, FaultDrawing::Shape::none);        // crash
  EXPECT_EQ(s.timeline[14].drawing().shape, FaultDrawing::Shape::none);       // add_member
  EXPECT_EQ(s.timeline.back().drawing().shape, FaultDrawing::Shape::cut_ends);  // stop_faults
}

}  // namespace
}  // namespace clustersim::sim
