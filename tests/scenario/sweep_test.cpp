// Sweeps: --set paths, combinations, metrics measured from the ground truth, and the command.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/experiment/metrics.h"
#include "sim/experiment/observation_record.h"
#include "sim/experiment/sweep.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

namespace fs = std::filesystem;

std::string experiment(const std::string& name) {
  return std::string(CLUSTERSIM_SCENARIO_DIR) + "/experiments/" + name;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Sweep, every_experiment_file_is_a_valid_scenario) {
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(std::string(CLUSTERSIM_SCENARIO_DIR) + "/experiments")) {
    if (!entry.is_regular_file()) continue;
    EXPECT_NO_THROW(load_scenario(entry.path().string())) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 12u);
}

TEST(Sweep, axes_parse_and_reject_malformed_text) {
  const SweepAxis axis = parse_axis("cluster.election_timeout_max=151ms,155ms,0.5");
  EXPECT_EQ(axis.path, "cluster.election_timeout_max");
  EXPECT_EQ(axis.values, (std::vector<std::string>{"151ms", "155ms", "0.5"}));
  EXPECT_THROW(parse_axis("no_equals"), ScenarioError);
  EXPECT_THROW(parse_axis("path=a,,b"), ScenarioError);
}

TEST(Sweep, combinations_are_the_cartesian_product_and_set_any_field) {
  const std::string text = text_of(experiment("leader_crash_150-300.json"));
  const auto combos = expand_sweep(text, "x.json",
                                   {parse_axis("cluster.election_timeout_max=200ms,300ms"),
                                    parse_axis("timeline[1].random_delay=10ms,20ms,30ms")});
  ASSERT_EQ(combos.size(), 6u);
  EXPECT_EQ(combos[0].label, "cluster.election_timeout_max=200ms, timeline[1].random_delay=10ms");
  EXPECT_EQ(combos[5].scenario.raft.election_timeout_max, std::chrono::milliseconds(300));
  ASSERT_TRUE(std::holds_alternative<Crash>(combos[5].scenario.timeline[1].action));
  EXPECT_EQ(std::get<Crash>(combos[5].scenario.timeline[1].action).random_delay, std::chrono::milliseconds(30));
}

TEST(Sweep, an_invalid_combination_is_reported_with_its_values) {
  const std::string text = text_of(experiment("leader_crash_150-300.json"));
  try {
    expand_sweep(text, "x.json", {parse_axis("cluster.election_timeout_max=100ms")});
    FAIL();
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("with cluster.election_timeout_max=100ms"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("election_timeout_max must not be less than election_timeout_min"), std::string::npos);
  }
}

TEST(Sweep, a_list_index_that_is_not_a_number_is_named_not_a_library_error) {
  const std::string text = text_of(experiment("leader_crash_150-300.json"));
  for (const std::string index : {"x", "", "99999999999999999999999", "-1"}) {
    try {
      expand_sweep(text, "x.json", {parse_axis("timeline[" + index + "].at=1s")});
      ADD_FAILURE() << index;
    } catch (const ScenarioError& error) {
      EXPECT_NE(std::string(error.what()).find("\"[" + index + "]\" is not a list index (a whole number)"), std::string::npos)
          << error.what();
    }
  }
}

TEST(Sweep, an_axis_that_is_not_utf8_is_refused_before_it_reaches_json) {
  for (const std::string axis : {"name=a\xff", "na\xffme=1"}) {
    try {
      parse_axis(axis);
      ADD_FAILURE() << axis;
    } catch (const ScenarioError& error) {
      EXPECT_NE(std::string(error.what()).find("not UTF-8 text"), std::string::npos) << error.what();
    }
  }
}

TEST(Metrics, downtime_and_convergence_come_from_the_ground_truth_and_the_trackers) {
  const RunResult run = run_scenario(load_scenario(experiment("leader_crash_150-300.json")));
  ASSERT_TRUE(run.mark.has_value());
  EXPECT_GE(*run.mark, time_zero + std::chrono::seconds(5));
  EXPECT_LT(*run.mark, time_zero + std::chrono::milliseconds(5075));  // within the random delay
  const auto downtime = measure(run, "downtime");
  ASSERT_TRUE(downtime.has_value());
  EXPECT_GE(*downtime, 0.150);  // nobody times out before the minimum election timeout
  const auto convergence = measure(run, "tracker_convergence");
  ASSERT_TRUE(convergence.has_value());
  EXPECT_GE(*convergence, *downtime);
  EXPECT_GE(*measure(run, "elections"), 2.0);
}

// The terms the election after the crash took, apart from the terms the boot took: with
// 150-151 ms timeouts split votes are common at boot and after the crash alike.
TEST(Metrics, election_terms_counts_the_terms_from_the_mark_to_the_new_leader) {
  const Scenario scenario = load_scenario(experiment("leader_crash_150-151.json"));
  std::size_t split = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RunOptions options;
    options.seed = seed;
    const RunResult run = run_scenario(scenario, options);
    ASSERT_TRUE(run.mark.has_value());
    std::uint64_t at_mark = 0;
    for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      for (const NodeSnapshot& s : run.truth.history(node)) {
        if (s.at <= *run.mark) at_mark = std::max(at_mark, s.term);
      }
    }
    const auto terms = measure(run, "election_terms");
    ASSERT_TRUE(terms.has_value());
    EXPECT_GE(*terms, 1.0);
    EXPECT_LE(*terms + static_cast<double>(at_mark), *measure(run, "elections")) << seed;
    split += *terms > 1.0 ? 1u : 0u;
  }
  EXPECT_GT(split, 0u);  // 1 ms of randomness against a disk's 8 ms: some votes split
}

// What an operator alerting on is_leaderless sees of a planned transfer and of a crash: the
// stable policy's window hides the transfer's milliseconds entirely, the openziti policy reports
// them at every node; a crash's leaderless time is seconds.
TEST(Metrics, reported_leaderless_is_what_the_trackers_said_from_the_mark_on) {
  Scenario transfer = load_scenario(experiment("handover/planned_transfer.json"));
  const RunResult stable = run_scenario(transfer);
  ASSERT_TRUE(stable.mark.has_value());
  EXPECT_EQ(*stable.mark, time_zero + std::chrono::seconds(30));  // the transfer the leader took
  EXPECT_EQ(*measure(stable, "reported_leaderless"), 0.0);
  RunOptions openziti;
  openziti.policy = model::TrackerPolicy::openziti;
  const RunResult flips = run_scenario(transfer, openziti);
  const double worst = *measure(flips, "reported_leaderless"), mean = *measure(flips, "reported_leaderless_mean");
  EXPECT_GT(mean, 0.0);  // every node said is_leaderless...
  EXPECT_LE(mean, worst);
  EXPECT_LT(worst, 0.05);  // ...for the milliseconds of the handover
  const RunResult crash = run_scenario(load_scenario(experiment("handover/leader_crash.json")), openziti);
  EXPECT_GT(*measure(crash, "reported_leaderless"), 0.01);
  EXPECT_GT(*measure(crash, "downtime"), 1.0);
}

// What the calibration compares: each node's observations from the mark on, the crashed node
// left out, an isolated one kept; the terms the next election took.
TEST(ObservationRecord, holds_each_nodes_observations_from_the_mark_and_the_terms_it_took) {
  const std::string calibrate = std::string(CLUSTERSIM_SCENARIO_DIR) + "/../tools/calibrate/";
  const RunResult crash = run_scenario(load_scenario(calibrate + "leader_crash_100ms.json"));
  const ObservationRecord crashed = record_observations(crash);
  ASSERT_EQ(crashed.sequences.size(), 4u);  // the crashed leader's tracker is gone
  std::size_t leaders = 0;
  for (const auto& [id, sequence] : crashed.sequences) {
    ASSERT_FALSE(sequence.empty()) << id;
    EXPECT_EQ(sequence.front(), "leader:none") << id;  // each first loses the leader
    leaders += static_cast<std::size_t>(std::count(sequence.begin(), sequence.end(), "state:Leader"));
    for (const std::string& label : sequence) {
      const bool known = label == "leader:none" || label == "leader:self" || label == "leader:other" ||
                         label == "state:Follower" || label == "state:Candidate" || label == "state:Leader";
      EXPECT_TRUE(known) << label;
    }
  }
  EXPECT_EQ(leaders, 1u);
  ASSERT_TRUE(crashed.terms_after_mark.has_value());
  EXPECT_GE(*crashed.terms_after_mark, 1u);
  const RunResult cut = run_scenario(load_scenario(calibrate + "leader_partition_100ms.json"));
  ASSERT_TRUE(cut.mark.has_value());  // an isolation is a mark too
  EXPECT_EQ(record_observations(cut).sequences.size(), 5u);
  EXPECT_FALSE(record_observations(run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json")))
                   .terms_after_mark.has_value());
}

// The role a node had at `t` in the ground truth.
model::RaftState role_at(const RunResult& run, NodeIndex node, Time t) {
  model::RaftState role = model::RaftState::follower;
  for (const NodeSnapshot& s : run.truth.history(node)) {
    if (s.at > t) break;
    role = s.role;
  }
  return role;
}

// The leaderless metric against a count by brute force: the ground truth sampled every 100 us
// from the mark to the end; they may differ by a sample per change of role.
void expect_leaderless_matches_samples(const RunResult& run) {
  const std::optional<double> measured = measure(run, "leaderless");
  ASSERT_TRUE(measured.has_value());
  const Duration step = std::chrono::microseconds(100);
  const Time end = time_zero + run.scenario.duration;
  std::size_t empty = 0, changes = 0;
  for (Time t = *run.mark; t < end; t += step) {
    bool any = false;
    for (NodeIndex node = 0; node < run.node_ids.size(); ++node) any = any || role_at(run, node, t) == model::RaftState::leader;
    empty += any ? 0 : 1;
  }
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) changes += run.truth.history(node).size();
  const double sampled = static_cast<double>(empty) * 100e-6;
  EXPECT_NEAR(*measured, sampled, static_cast<double>(changes) * 100e-6) << "sampled " << sampled;
}

// "follower" names the first up follower while a node leads, and is skipped while none does; a
// node's flap is the mark; the leaderless metric is the time without a leader from it on.
TEST(RoleReferences, a_flapping_follower_is_the_mark_and_costs_leaderless_time) {
  const std::string calibrate = std::string(CLUSTERSIM_SCENARIO_DIR) + "/../tools/calibrate/";
  Scenario flapping = load_scenario(calibrate + "flapping_follower_100ms.json");
  flapping.timeline.insert(flapping.timeline.begin(),
                           parse_scenario(R"({"name": "f", "purpose": "p.", "duration": "6s", "cluster": {"nodes": 5},
                             "timeline": [{"at": "1ms", "action": "crash", "node": "follower"}]})", "f.json")
                               .timeline.front());
  const RunResult run = run_scenario(flapping);
  ASSERT_EQ(run.actions.size(), 2u);
  EXPECT_TRUE(run.actions[0].skipped);
  EXPECT_EQ(run.actions[0].text, "crash follower skipped: no node follows a leader now");
  const Time flap_at = time_zero + std::chrono::seconds(2);
  ASSERT_EQ(run.mark, flap_at);
  NodeIndex leader = model::no_node;
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    if (role_at(run, node, flap_at) == model::RaftState::leader) leader = node;
  }
  ASSERT_NE(leader, model::no_node);
  const NodeIndex follower = leader == 0 ? 1 : 0;
  EXPECT_EQ(run.actions[1].text, "flap_node " + run.node_ids[follower] + " (a follower)");
  // Without pre-vote the follower comes back from each cut-off with a higher term and deposes
  // the leader: three flaps, three elections at least, each of them time without a leader.
  EXPECT_GE(*measure(run, "elections"), 4.0);
  EXPECT_GT(*measure(run, "leaderless"), 0.0);
  expect_leaderless_matches_samples(run);
  // After a crash of the leader there is no leader until the next is elected.
  const RunResult crash = run_scenario(load_scenario(calibrate + "leader_crash_100ms.json"));
  EXPECT_GE(*measure(crash, "leaderless"), *measure(crash, "downtime"));
  expect_leaderless_matches_samples(crash);
}

TEST(SweepCommand, writes_results_and_a_plot_and_rejects_bad_input) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim_sweep_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> args{experiment("leader_crash_50-100.json"), experiment("leader_crash_150-300.json"),
                                "--trials", "20", "--jobs", "2", "--metric", "downtime",
                                "--out", (dir / "r.json").string(), "--plot", (dir / "p.svg").string(), "--log"};
  std::vector<std::string_view> views(args.begin(), args.end());
  std::ostringstream out, err;
  EXPECT_EQ(sweep_command(views, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("leader_crash_50-100"), std::string::npos) << out.str();
  EXPECT_NE(text_of((dir / "p.svg").string()).find("<polyline"), std::string::npos);
  EXPECT_NE(text_of((dir / "r.json").string()).find("\"downtime\""), std::string::npos);
  std::vector<std::string> bad{experiment("leader_crash_50-100.json"), "--trials", "5", "--metric", "happiness"};
  std::vector<std::string_view> bad_views(bad.begin(), bad.end());
  EXPECT_EQ(sweep_command(bad_views, out, err), 2);
  // --observations go into the results file, and nowhere without one.
  std::vector<std::string> observed{experiment("leader_crash_50-100.json"), "--trials", "3", "--metric", "downtime",
                                    "--out", (dir / "o.json").string(), "--observations"};
  std::vector<std::string_view> observed_views(observed.begin(), observed.end());
  EXPECT_EQ(sweep_command(observed_views, out, err), 0) << err.str();
  const std::string results = text_of((dir / "o.json").string());
  EXPECT_NE(results.find("\"observations\""), std::string::npos);
  EXPECT_NE(results.find("\"terms_after_mark\""), std::string::npos);
  observed.resize(observed.size() - 3);
  observed.push_back("--observations");
  std::vector<std::string_view> without_out(observed.begin(), observed.end());
  std::ostringstream refused;
  EXPECT_EQ(sweep_command(without_out, out, refused), 2);
  EXPECT_NE(refused.str().find("--observations goes into --out"), std::string::npos) << refused.str();
  fs::remove_all(dir);
}

// A trial that ends at its decision says so (per trial in --out, in all in the summary), and
// --whole-trials runs every one to its end with the same figures.
TEST(SweepCommand, says_which_trials_ended_once_decided_and_whole_trials_runs_them_out) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim_sweep_early_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto sweep = [&](const std::string& results, bool whole, std::string& people) {
    std::vector<std::string> args{experiment("leader_crash_100-200.json"), "--trials", "10", "--metric", "downtime",
                                  "--out", (dir / results).string()};
    if (whole) args.push_back("--whole-trials");
    std::vector<std::string_view> views(args.begin(), args.end());
    std::ostringstream out, err;
    EXPECT_EQ(sweep_command(views, out, err), 0) << err.str();
    people = out.str();
    return nlohmann::json::parse(text_of((dir / results).string()));
  };
  std::string early_text, whole_text;
  const nlohmann::json early = sweep("early.json", false, early_text);
  const nlohmann::json whole = sweep("whole.json", true, whole_text);
  EXPECT_NE(early_text.find("10 of 10 trials ended as soon as their metrics were decided"), std::string::npos) << early_text;
  EXPECT_EQ(whole_text.find("ended as soon as"), std::string::npos) << whole_text;
  ASSERT_EQ(early["trials"].size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(early["trials"][i]["downtime"], whole["trials"][i]["downtime"]) << i;
    EXPECT_EQ(whole["trials"][i]["ended_s"], 60.0);
    EXPECT_LT(early["trials"][i]["ended_s"].get<double>(), 6.0);  // the crash is at 5 s
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clustersim::sim
