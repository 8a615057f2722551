// Scenario files are validated before anything runs, and every problem names the file, the
// line and the JSON path.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"

namespace clustersim::sim {
namespace {

// A valid scenario with `timeline` and `extra` spliced in (extra: more top-level keys).
std::string scenario_text(const std::string& timeline, const std::string& extra = "") {
  return "{\n"
         "  \"name\": \"t\",\n"
         "  \"purpose\": \"A test.\",\n"
         "  \"duration\": \"60s\",\n"
         "  \"cluster\": { \"nodes\": 3 },\n"
         "  \"tracker\": { \"policy\": \"stable\", \"stability_window\": \"2s\" },\n" +
         extra + "  \"timeline\": [\n" + timeline + "\n  ]\n}\n";
}

TEST(ScenarioParser, reads_a_complete_scenario) {
  const Scenario s = parse_scenario(scenario_text(
      R"(    { "at": "10s", "action": "crash", "node": "leader" },
    { "at": "5s", "action": "flap_link", "a": "ctrl1", "b": "ctrl2", "period": "400ms", "duty_cycle": 0.25, "jitter": "10ms", "until": "9s" },
    { "at": "20s", "action": "stop_faults", "liveness_bound": "20s" })",
      R"(  "network": { "latency": { "lognormal": { "median": "2ms", "sigma": 0.5, "cap": "40ms" } }, "loss": 0.1 },
)"), "s.json");
  EXPECT_EQ(s.raft.members.size(), 3u);
  EXPECT_EQ(s.stability_window, std::chrono::seconds(2));
  ASSERT_EQ(s.timeline.size(), 3u);
  ASSERT_TRUE(std::holds_alternative<FlapLink>(s.timeline[0].action));  // sorted by time
  EXPECT_EQ(std::get<FlapLink>(s.timeline[0].action).flap.down_fraction, 0.25);
  ASSERT_TRUE(std::holds_alternative<Crash>(s.timeline[1].action));
  EXPECT_EQ(std::get<Crash>(s.timeline[1].action).node, "leader");
  EXPECT_EQ(s.network.loss, 0.1);
  EXPECT_EQ(s.network.latency.kind, LatencyModel::Kind::lognormal);
  ASSERT_NE(s.stop_faults(), nullptr);
}

void expect_error(const std::string& text, const std::string& fragment) {
  try {
    parse_scenario(text, "bad.json");
    ADD_FAILURE() << "accepted, but should fail with: " << fragment;
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

// A scenario whose cluster has a timing section.
std::string timed_scenario(const std::string& timing) {
  std::string text = scenario_text("");
  const std::string nodes = "\"nodes\": 3";
  text.replace(text.find(nodes), nodes.size(), nodes + ", \"timing\": " + timing);
  return text;
}

TEST(ScenarioParser, reads_and_writes_each_nodes_timing) {
  using std::chrono::milliseconds;
  const Scenario s = parse_scenario(
      timed_scenario(R"({ "timer_late": { "uniform": ["0", "500us"] }, "processing": { "fixed": "50us" },
        "storage_write": { "lognormal": { "median": "2ms", "sigma": 0.5, "cap": "20ms" } },
        "clock_drift_ppm": { "uniform": [-30, 30] }, "clock_offset": "-4ms",
        "stall_every": "5s", "stall_length": { "fixed": "1ms" }, "boot_at": { "uniform": ["0", "3s"] },
        "nodes": { "ctrl2": { "timer_late": { "fixed": "2ms" }, "clock_drift_ppm": 12.5, "boot_at": "10s" } } })"),
      "timing.json");
  EXPECT_EQ(s.timing.timer_late, LatencyModel::uniform(Duration{0}, std::chrono::microseconds(500)));
  EXPECT_EQ(s.timing.clock_drift_ppm, (Spread<double>{-30.0, 30.0}));
  EXPECT_EQ(s.timing.clock_offset, Spread<Duration>::exactly(milliseconds(-4)));
  EXPECT_EQ(s.timing.stall_every, milliseconds(5000));
  EXPECT_EQ(s.timing.boot_at, (Spread<Duration>{Duration{0}, milliseconds(3000)}));
  const std::vector<NodeTiming> per_node = s.timing_per_node();
  EXPECT_EQ(per_node[0].timer_late, s.timing.timer_late);
  EXPECT_EQ(per_node[1].timer_late, LatencyModel::fixed(milliseconds(2)));
  EXPECT_EQ(per_node[1].clock_drift_ppm, Spread<double>::exactly(12.5));
  EXPECT_EQ(per_node[1].boot_at, Spread<Duration>::exactly(milliseconds(10'000)));
  // What a node leaves out, it has as the cluster does.
  EXPECT_EQ(per_node[1].processing, LatencyModel::fixed(std::chrono::microseconds(50)));
  EXPECT_EQ(per_node[1].clock_offset, s.timing.clock_offset);
  EXPECT_EQ(per_node[2].storage_write.kind, LatencyModel::Kind::lognormal);
  const std::string written = write_scenario(s);
  const Scenario again = parse_scenario(written, "again.json");
  EXPECT_EQ(again.timing_per_node(), per_node);
  EXPECT_EQ(write_scenario(again), written);
  // No timing section: the realistic preset, written out in full so that a later change of
  // the preset cannot change what a written file means.
  const Scenario plain = parse_scenario(scenario_text(""), "plain.json");
  EXPECT_EQ(plain.timing, NodeTiming::realistic());
  const Scenario plain_again = parse_scenario(write_scenario(plain), "again.json");
  EXPECT_EQ(plain_again.timing, NodeTiming::realistic());
  EXPECT_NE(write_scenario(plain).find("\"boot_at\""), std::string::npos);
  // The ideal preset: every key zero, and keys given over it.
  const Scenario ideal = parse_scenario(timed_scenario(R"({ "preset": "ideal", "boot_at": "1s" })"), "ideal.json");
  NodeTiming want;
  want.boot_at = Spread<Duration>::exactly(milliseconds(1000));
  EXPECT_EQ(ideal.timing, want);
}

TEST(ScenarioParser, names_what_is_wrong_in_a_timing) {
  expect_error(timed_scenario(R"({ "timer_late": { "fixed": "1ms" }, "nodes": { "ctrl9": {} } })"),
               "cluster.timing.nodes.ctrl9: not a node of this cluster");
  expect_error(timed_scenario(R"({ "timer_early": { "fixed": "1ms" } })"), "cluster.timing.timer_early: unknown key");
  expect_error(timed_scenario(R"({ "nodes": { "ctrl1": { "nodes": {} } } })"), "cluster.timing.nodes.ctrl1.nodes: unknown key");
  expect_error(timed_scenario(R"({ "timer_late": { "fixed": "-1ms" } })"), "cluster.timing.timer_late");
  expect_error(timed_scenario(R"({ "preset": "fast" })"), "cluster.timing.preset: must be \"realistic\" or \"ideal\"");
  expect_error(timed_scenario(R"({ "clock_drift_ppm": 900 })"), "cluster.timing: clock_drift_ppm must be within [-500, 500]");
  expect_error(timed_scenario(R"({ "clock_drift_ppm": "fast" })"), "cluster.timing.clock_drift_ppm: must be a number");
  expect_error(timed_scenario(R"({ "clock_offset": { "uniform": ["5ms", "-5ms"] } })"),
               "cluster.timing.clock_offset.uniform: max must not be less than min");
  expect_error(timed_scenario(R"({ "boot_at": "-1s" })"), "cluster.timing.boot_at");
  expect_error(timed_scenario(R"({ "stall_every": "1ms" })"), "cluster.timing: stall_every must be 0 (no stalls) or at least 10ms");
  expect_error(timed_scenario(R"({ "stall_length": { "fixed": "2s" } })"), "cluster.timing: stall_length must be at most 1s");
  expect_error(timed_scenario(R"({ "nodes": { "ctrl1": { "boot_at": { "uniform": ["0"] } } } })"),
               "cluster.timing.nodes.ctrl1.boot_at.uniform: must be [min, max], two values");
}

// A scenario can name its tracker under test (the tracker protocol); the file written back
// keeps it, so a shrunk counterexample reproduces with the same tracker.
std::string tracker_scenario(const std::string& tracker_keys) {
  std::string text = scenario_text("");
  const std::string window = "\"stability_window\": \"2s\"";
  text.replace(text.find(window), window.size(), window + ", " + tracker_keys);
  return text;
}

TEST(ScenarioParser, reads_and_writes_a_tracker_command) {
  const Scenario s = parse_scenario(tracker_scenario(R"("command": "./my-tracker --name 'a b'", "timeout": "250ms")"), "s.json");
  ASSERT_TRUE(s.tracker_command.has_value());
  EXPECT_EQ(s.tracker_command->argv, (std::vector<std::string>{"./my-tracker", "--name", "a b"}));
  EXPECT_EQ(s.tracker_command->timeout, std::chrono::milliseconds(250));
  const Scenario again = parse_scenario(write_scenario(s), "again.json");
  EXPECT_EQ(again.tracker_command, s.tracker_command);
  EXPECT_FALSE(parse_scenario(scenario_text(""), "plain.json").tracker_command.has_value());
  expect_error(tracker_scenario(R"("command": "  ")"), "tracker.command: no command to run");
  expect_error(tracker_scenario(R"("command": "x 'open")"), "tracker.command: unclosed single quote");
  expect_error(tracker_scenario(R"("timeout": "1s")"), "tracker.timeout: a timeout needs a tracker.command");
  expect_error(tracker_scenario(R"("command": "x", "timeout": "0")"), "tracker.timeout: must be at least 1ms");
  expect_error(tracker_scenario(R"("command": 7)"), "tracker.command");
}

TEST(ScenarioParser, names_line_and_path_of_a_bad_duration) {
  expect_error(scenario_text(R"(    { "at": "10x", "action": "heal" })"),
               "bad.json:8: timeline[0].at: bad duration \"10x\": unknown unit \"x\"");
}

TEST(ScenarioParser, names_the_line_of_a_json_syntax_error) {
  expect_error("{\n  \"name\": \"t\",\n  \"purpose\" \"missing colon\"\n}\n", "bad.json:3: not valid JSON");
}

TEST(ScenarioParser, rejects_unknown_keys_everywhere) {
  expect_error(scenario_text("", "  \"colour\": \"red\",\n"), "bad.json:7: colour: unknown key");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "heal", "node": "ctrl1" })"),
               "timeline[0].node: unknown key");
}

TEST(ScenarioParser, rejects_unknown_nodes_and_actions) {
  expect_error(scenario_text(R"(    { "at": "1s", "action": "crash", "node": "ctrl9" })"),
               "timeline[0].node: unknown node \"ctrl9\" (nodes: ctrl1..ctrl3, or \"leader\" or \"follower\")");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "explode" })"),
               "timeline[0].action: unknown action \"explode\"");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "restart", "node": "leader" })"),
               "unknown node \"leader\"");
}

TEST(ScenarioParser, rejects_impossible_sequences) {
  expect_error(scenario_text(R"(    { "at": "1s", "action": "restart", "node": "ctrl1" })"),
               "timeline[0]: restart ctrl1: it is running");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "resume", "node": "ctrl2" })"),
               "resume ctrl2: it is not paused");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "crash", "node": "ctrl2" },
    { "at": "2s", "action": "crash", "node": "ctrl2" })"),
               "crash ctrl2: it is already crashed");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "flap_node", "node": "ctrl1", "period": "1s", "until": "10s" },
    { "at": "5s", "action": "flap_node", "node": "ctrl1", "period": "2s", "until": "20s" })"),
               "overlaps the flap of the same target at timeline[0]");
}

TEST(ScenarioParser, keeps_the_liveness_phase_free_of_faults) {
  expect_error(scenario_text(R"(    { "at": "10s", "action": "stop_faults", "liveness_bound": "10s" },
    { "at": "12s", "action": "crash", "node": "ctrl1" })"),
               "a fault after stop_faults");
  expect_error(scenario_text(R"(    { "at": "5s", "action": "flap_link", "a": "ctrl1", "b": "ctrl2", "period": "1s", "until": "30s" },
    { "at": "10s", "action": "stop_faults", "liveness_bound": "10s" })"),
               "the flap must end by stop_faults");
  expect_error(scenario_text(R"(    { "at": "50s", "action": "stop_faults", "liveness_bound": "20s" })"),
               "the liveness phase ends after the run does");
}

TEST(ScenarioParser, rejects_a_window_longer_than_the_run_and_bad_timings) {
  std::string text = scenario_text("");
  text.replace(text.find("\"2s\""), 4, "\"90s\"");
  expect_error(text, "tracker.stability_window: the window (90s) is not shorter than the run (1m)");
  std::string timing = scenario_text("");
  timing.replace(timing.find("\"nodes\": 3"), 10, "\"nodes\": 3, \"leader_lease_timeout\": \"5s\"");
  expect_error(timing, "cluster: leader_lease_timeout must not exceed heartbeat_timeout");
}

TEST(ScenarioParser, rejects_probabilities_and_actions_after_the_end) {
  expect_error(scenario_text("", "  \"network\": { \"loss\": 1.5 },\n"), "network.loss: must be a probability");
  expect_error(scenario_text(R"(    { "at": "60s", "action": "heal" })"), "timeline[0].at: is not before the end of the run");
}

TEST(ScenarioParser, a_missing_file_is_an_error_naming_it) {
  try {
    load_scenario("/nonexistent/scenario.json");
    FAIL();
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/scenario.json"), std::string::npos);
  }
}

// A scenario whose cluster has a mesh section.
std::string meshed_scenario(const std::string& mesh, const std::string& timeline = "") {
  std::string text = scenario_text(timeline);
  const std::string nodes = "\"nodes\": 3";
  text.replace(text.find(nodes), nodes.size(), nodes + ", \"mesh\": " + mesh);
  return text;
}

TEST(ScenarioParser, reads_the_mesh_and_refuses_what_a_controller_could_not_run) {
  const Scenario s = parse_scenario(meshed_scenario(R"({ "mode": "leader_only", "version": "v2.0.3", "versions": { "ctrl2": "v2.1.0" },
                                                         "unresponsive_after": "45s", "backoff_factor": 1.5 })"),
                                    "mesh.json");
  EXPECT_TRUE(s.mesh.enabled);
  EXPECT_EQ(s.mesh.config.mode, model::MeshMode::leader_only);
  EXPECT_EQ(s.mesh.versions(s.raft.members), (std::vector<std::string>{"v2.0.3", "v2.1.0", "v2.0.3"}));
  EXPECT_EQ(s.mesh.config.unresponsive_after, std::chrono::seconds(45));
  EXPECT_EQ(s.mesh.config.backoff_factor, 1.5);
  EXPECT_EQ(parse_scenario(write_scenario(s), "again.json").mesh.versions(s.raft.members), s.mesh.versions(s.raft.members));
  EXPECT_FALSE(parse_scenario(meshed_scenario(R"({ "mode": "off" })"), "off.json").mesh.enabled);
  expect_error(meshed_scenario(R"({ "mode": "star" })"), "cluster.mesh.mode: unknown mode \"star\" (full, leader_only or off)");
  expect_error(meshed_scenario(R"({ "version": "v 2" })"), "cluster.mesh.version: a version is letters, digits and . _ - + only");
  expect_error(meshed_scenario(R"({ "versions": { "ctrl9": "v1" } })"), "cluster.mesh.versions.ctrl9: not a node of this cluster");
  expect_error(meshed_scenario(R"({ "heartbeat_every": "40s" })"),
               "cluster.mesh: unresponsive_after must be longer than heartbeat_every");
  expect_error(meshed_scenario(R"({ "ring": true })"), "cluster.mesh.ring: unknown key");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "upgrade", "node": "ctrl1", "version": "v2.1.0", "downtime": "0s" })"),
               "timeline[0].downtime: must be longer than 0s");
  expect_error(scenario_text(R"(    { "at": "1s", "action": "upgrade", "node": "ctrl1", "version": "", "downtime": "5s" })"),
               "timeline[0].version: a version has 1 to 64 characters");
}

TEST(ScenarioParser, reads_the_start_up_ordering_and_the_controllers_other_settings) {
  std::string text = scenario_text("");
  const std::string nodes = "\"nodes\": 3";
  text.replace(text.find(nodes), nodes.size(),
               nodes + R"(, "startup": { "event_generation_delay": { "uniform": ["1s", "5s"] }, "observer_queue": 8 },
                       "dispatch_jitter": "3ms", "warn_when_leaderless_for": "30s")");
  const Scenario s = parse_scenario(text, "startup.json");
  EXPECT_EQ(s.event_generation_delay.low, std::chrono::seconds(1));
  EXPECT_EQ(s.event_generation_delay.high, std::chrono::seconds(5));
  EXPECT_EQ(s.observer_queue, 8u);
  EXPECT_EQ(s.dispatch_jitter, std::chrono::milliseconds(3));
  EXPECT_EQ(s.warn_when_leaderless_for, std::chrono::seconds(30));
  const Scenario again = parse_scenario(write_scenario(s), "again.json");
  EXPECT_EQ(again.event_generation_delay.high, s.event_generation_delay.high);
  EXPECT_EQ(again.observer_queue, s.observer_queue);
  EXPECT_EQ(again.dispatch_jitter, s.dispatch_jitter);
  const auto with = [&](const std::string& cluster_keys) {
    std::string bad = scenario_text("");
    bad.replace(bad.find(nodes), nodes.size(), nodes + ", " + cluster_keys);
    return bad;
  };
  expect_error(with(R"("startup": { "observer_queue": 0 })"), "cluster.startup.observer_queue: must be from 1 to 4096");
  expect_error(with(R"("startup": { "event_generation_delay": "2h" })"), "cluster.startup.event_generation_delay: must be at most 1h");
  expect_error(with(R"("startup": { "delay": "2s" })"), "cluster.startup.delay: unknown key");
  expect_error(with(R"("dispatch_jitter": "2s")"), "cluster.dispatch_jitter: must be at most 1s");
}

}  // namespace
}  // namespace clustersim::sim
