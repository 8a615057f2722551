// The clustersim commands as a user runs them: exit codes, output files, replay and check.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

TEST(RunCommand, passes_a_scenario_and_writes_events_and_trace) {
  Scratch scratch;
  const Result r = call(run_command, {scenario("leader_crash.json"), "--events", scratch.path("e.jsonl"),
                                      "--trace", scratch.path("t.jsonl")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("verdict: PASS"), std::string::npos);
  EXPECT_TRUE(fs::exists(scratch.path("e.jsonl")));
  EXPECT_FALSE(fs::exists(scratch.path("e.jsonl.partial")));
  std::ifstream events(scratch.path("e.jsonl"));
  std::string first;
  std::getline(events, first);
  EXPECT_EQ(first.rfind("{\"namespace\":\"cluster\",\"event_src_id\":\"ctrl", 0), 0u) << first;
}

// Membership changes and transfers are told in the summary as they are asked and as they end,
// a failure with hashicorp's reason; a change that finds no leader is skipped and says so.
TEST(RunCommand, the_summary_tells_how_each_membership_change_and_transfer_ended) {
  const Result unreachable = call(run_command, {scenario("transfer_to_unreachable_node.json")});
  EXPECT_EQ(unreachable.code, 0) << unreachable.out << unreachable.err;
  EXPECT_NE(unreachable.out.find("10s  transfer leadership to ctrl1, asked of ctrl3 (the leader)"), std::string::npos)
      << unreachable.out;
  EXPECT_NE(unreachable.out.find("transfer to ctrl1 at ctrl3: FAILED, timed out: ctrl1 was not brought up to date within 1s"),
            std::string::npos)
      << unreachable.out;
  const Result partitioned = call(run_command, {scenario("membership_change_while_partitioned.json")});
  EXPECT_EQ(partitioned.code, 0) << partitioned.out << partitioned.err;
  EXPECT_NE(partitioned.out.find("20s  add voter ctrl6 skipped: no node leads now"), std::string::npos) << partitioned.out;
  EXPECT_NE(partitioned.out.find("add voter ctrl6 at ctrl1: done, committed at index"), std::string::npos) << partitioned.out;
  EXPECT_NE(partitioned.out.find("PASS members"), std::string::npos) << partitioned.out;
}

TEST(RunCommand, bad_input_exits_2_naming_the_problem_and_writes_nothing) {
  Scratch scratch;
  scratch.write("bad.json", R"({"name": "x", "purpose": "y", "duration": "1m", "cluster": {"nodes": 3},
"timeline": [{"at": "1s", "action": "crash", "node": "ctrl7"}]})");
  const Result r = call(run_command, {scratch.path("bad.json"), "--events", scratch.path("e.jsonl")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.json:2: timeline[0].node: unknown node \"ctrl7\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch.path("e.jsonl")));
  EXPECT_EQ(call(run_command, {scenario("steady_state.json"), "--policy", "fast"}).code, 2);
  EXPECT_EQ(call(run_command, {}).code, 2);
}

TEST(RunCommand, an_option_never_takes_another_option_as_its_value_nor_two_outputs_one_file) {
  Scratch scratch;
  const Result quiet = call(run_command, {scenario("steady_state.json"), "--events", "--quiet"});
  EXPECT_EQ(quiet.code, 2);
  EXPECT_NE(quiet.err.find("--events needs a file name"), std::string::npos) << quiet.err;
  EXPECT_FALSE(std::filesystem::exists("--quiet"));
  // The same rule in every command that takes option values.
  const Result out = call(sweep_command, {scenario("steady_state.json"), "--trials", "1", "--out", "--log"});
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.err.find("--out needs a value"), std::string::npos) << out.err;
  const Result seeds = call(swarm_command, {scenario("steady_state.json"), "--seeds", "--jobs", "2"});
  EXPECT_EQ(seeds.code, 2);
  EXPECT_NE(seeds.err.find("--seeds needs a value"), std::string::npos) << seeds.err;
  const Result same = call(run_command, {scenario("steady_state.json"), "--events", scratch.path("x.jsonl"), "--trace",
                                         scratch.path("x.jsonl")});
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(same.err.find("two outputs to the same place"), std::string::npos) << same.err;
  EXPECT_FALSE(std::filesystem::exists(scratch.path("x.jsonl")));  // refused before the run
}

// The tracker under test as a process: a command that cannot start is a usage error in every
// command that takes one, before anything runs or is written; a tracker that fails mid-run is
// a failed check (exit 1) with its last messages in the summary.
TEST(TrackerCommand, one_that_cannot_start_exits_2_and_one_that_fails_is_a_failed_check) {
  Scratch scratch;
  const Result run = call(run_command, {scenario("leader_crash.json"), "--tracker-cmd", "/nonexistent/tracker --x",
                                        "--events", scratch.path("e.jsonl")});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("cannot start \"/nonexistent/tracker\": No such file or directory"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(scratch.path("e.jsonl")));
  const Result swarm = call(swarm_command, {scenario("steady_state.json"), "--seeds", "1", "--out", scratch.path("s"),
                                            "--tracker-cmd", "/nonexistent/tracker"});
  EXPECT_EQ(swarm.code, 2) << swarm.err;
  const Result sweep = call(sweep_command, {scenario("steady_state.json"), "--trials", "1", "--tracker-cmd", "/nonexistent/tracker"});
  EXPECT_EQ(sweep.code, 2) << sweep.err;
  const Result quote = call(run_command, {scenario("leader_crash.json"), "--tracker-cmd", "tracker 'open"});
  EXPECT_EQ(quote.code, 2);
  EXPECT_NE(quote.err.find("--tracker-cmd: unclosed single quote"), std::string::npos) << quote.err;
  const Result lone_timeout = call(run_command, {scenario("leader_crash.json"), "--tracker-timeout", "1s"});
  EXPECT_EQ(lone_timeout.code, 2);
  EXPECT_NE(lone_timeout.err.find("--tracker-timeout applies to a tracker command"), std::string::npos) << lone_timeout.err;

  const Result dies = call(run_command, {scenario("leader_crash.json"), "--tracker-cmd",
                                         "sh -c 'read l; echo {\\\"tracker\\\":\\\"x\\\"}; read l; echo bye >&2; exit 4'"});
  EXPECT_EQ(dies.code, 1) << dies.out << dies.err;
  EXPECT_NE(dies.out.find("FAIL tracker_process"), std::string::npos) << dies.out;
  EXPECT_NE(dies.out.find("exited with status 4"), std::string::npos) << dies.out;
  EXPECT_NE(dies.out.find("> {\"type\":\"boot\",\"node\":\"ctrl1\""), std::string::npos) << dies.out;
}

#ifdef CLUSTERSIM_GO_TRACKER
// A Go team's first steps from the README: their tracker (here the reference one) in the
// swarm and in a sweep gives what the built-in tracker gives, figure for figure.
TEST(TrackerCommand, swarm_and_sweep_with_the_go_tracker_equal_the_builtin_tracker) {
  Scratch scratch;
  const Result builtin_swarm = call(swarm_command, {scenario("steady_state.json"), "--seeds", "6", "--input-faults", "--out", scratch.path("a")});
  const Result go_swarm = call(swarm_command, {scenario("steady_state.json"), "--seeds", "6", "--input-faults", "--out", scratch.path("b"),
                                               "--tracker-cmd", CLUSTERSIM_GO_TRACKER});
  EXPECT_EQ(go_swarm.code, builtin_swarm.code) << go_swarm.err;
  std::string builtin_text = builtin_swarm.out;  // the same but for where the results went
  builtin_text.replace(builtin_text.find(scratch.path("a")), scratch.path("a").size(), scratch.path("b"));
  EXPECT_EQ(go_swarm.out, builtin_text);
  EXPECT_NE(go_swarm.out.find("6 seeds"), std::string::npos) << go_swarm.out;
  const Result builtin_sweep = call(sweep_command, {scenario("leader_crash.json"), "--trials", "4", "--metric", "tracker_convergence"});
  const Result go_sweep = call(sweep_command, {scenario("leader_crash.json"), "--trials", "4", "--metric", "tracker_convergence",
                                               "--tracker-cmd", CLUSTERSIM_GO_TRACKER});
  EXPECT_EQ(go_sweep.code, 0) << go_sweep.err;
  EXPECT_EQ(go_sweep.out, builtin_sweep.out);
  EXPECT_NE(go_sweep.out.find("tracker_convergence (ms)"), std::string::npos) << go_sweep.out;
}

// A trace of a run with a tracker under test names it, and the replay runs the same one.
TEST(TrackerCommand, a_trace_names_its_tracker_and_replays_with_it) {
  Scratch scratch;
  const Result run = call(run_command, {scenario("leader_crash.json"), "--tracker-cmd", CLUSTERSIM_GO_TRACKER,
                                        "--trace", scratch.path("t.jsonl")});
  ASSERT_EQ(run.code, 0) << run.err;
  std::ifstream trace(scratch.path("t.jsonl"));
  std::string header;
  std::getline(trace, header);
  EXPECT_NE(header.find(std::string("\"tracker_command\":\"") + CLUSTERSIM_GO_TRACKER + "\""), std::string::npos) << header;
  const Result replay = call(replay_command, {scratch.path("t.jsonl")});
  EXPECT_EQ(replay.code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("IDENTICAL"), std::string::npos) << replay.out;
}
#endif

// Observations and test vectors are the tracker protocol's lines: what a team's tracker is fed.
TEST(Vectors, observations_and_vectors_are_the_protocol_conversation_of_the_builtin_tracker) {
  Scratch scratch;
  const Result run = call(run_command, {scenario("leader_crash.json"), "--observations", scratch.path("o.jsonl"),
                                        "--events", scratch.path("e.jsonl")});
  ASSERT_EQ(run.code, 0) << run.err;
  std::ifstream observations(scratch.path("o.jsonl"));
  std::string line;
  std::vector<std::string> requests;
  while (std::getline(observations, line)) requests.push_back(line);
  ASSERT_GT(requests.size(), 10u);
  EXPECT_EQ(requests.front().rfind("{\"type\":\"hello\",\"protocol\":1,\"policy\":\"stable\"", 0), 0u) << requests.front();
  EXPECT_NE(std::find_if(requests.begin(), requests.end(), [](const std::string& r) { return r.find("\"type\":\"leader\"") != std::string::npos; }),
            requests.end());

  const Result vectors = call(vectors_command, {scratch.path("v"), scenario("leader_crash.json")});
  ASSERT_EQ(vectors.code, 0) << vectors.err;
  std::ifstream stable(scratch.path("v/leader_crash.stable.jsonl"));
  std::size_t index = 0;
  std::string answered_events;
  while (std::getline(stable, line)) {
    const nlohmann::json vector = nlohmann::json::parse(line);
    ASSERT_LT(index, requests.size());
    EXPECT_EQ(vector["request"].dump(), nlohmann::json::parse(requests[index]).dump()) << "line " << index + 1;
    if (index > 0) {
      for (const auto& event : vector["answer"]["events"]) answered_events += event.dump() + "\n";
    }
    ++index;
  }
  EXPECT_EQ(index, requests.size()) << "one vector per request the run's trackers were given";
  // The answers' events are the run's tracker events (the mesh writes the peer.* ones).
  std::ifstream events(scratch.path("e.jsonl"));
  std::string written;
  while (std::getline(events, line)) {
    const nlohmann::json event = nlohmann::json::parse(line);
    if (event["eventType"].get<std::string>().rfind("peer.", 0) != 0) written += event.dump() + "\n";
  }
  EXPECT_EQ(answered_events, written);
  EXPECT_TRUE(fs::exists(scratch.path("v/leader_crash.openziti.jsonl")));

  EXPECT_EQ(call(vectors_command, {}).code, 2);
  EXPECT_EQ(call(vectors_command, {scratch.path("w"), "--fast"}).code, 2);
  EXPECT_EQ(call(vectors_command, {scratch.path("w"), scratch.path("missing.json")}).code, 2);
  EXPECT_FALSE(fs::exists(scratch.path("w")));
}

TEST(SwarmAndSweep, counts_near_2_to_the_64_are_no_allocations_and_no_wraps) {
  Scratch scratch;
  // A swarm over every seed there is computes its seeds: it starts at once and stops at its
  // budget, with the place to resume.
  const Result all = call(swarm_command, {scenario("steady_state.json"), "--count", "18446744073709551615", "--for",
                                          "300ms", "--out", scratch.path("all")});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_NE(all.out.find("STOPPED (--for budget spent): "), std::string::npos) << all.out;
  EXPECT_NE(all.out.find(" of 18446744073709551615 seeds (1..18446744073709551615)"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("to resume: --seed-start "), std::string::npos) << all.out;
  const Result wraps = call(swarm_command, {scenario("steady_state.json"), "--seeds", "10", "--first-seed", "18446744073709551610"});
  EXPECT_EQ(wraps.code, 2);
  EXPECT_NE(wraps.err.find("passes the largest seed"), std::string::npos) << wraps.err;
  const Result trials = call(sweep_command, {scenario("steady_state.json"), "--trials", "18446744073709551615"});
  EXPECT_EQ(trials.code, 2);
  EXPECT_NE(trials.err.find("--trials at most 1000000"), std::string::npos) << trials.err;
}

TEST(RunCommand, a_failed_expectation_exits_1_with_the_reproduce_command) {
  Scratch scratch;
  scratch.write("strict.json", R"({"name": "strict", "purpose": "Expects the impossible.", "duration": "30s",
"cluster": {"nodes": 3}, "timeline": [],
"expect": {"final": {"all": "is_leaderless"}}})");
  const Result r = call(run_command, {scratch.path("strict.json"), "--seed", "5"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("FAIL expectations"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reproduce: clustersim run " + scratch.path("strict.json") + " --seed 5 --policy stable"),
            std::string::npos) << r.out;
}

TEST(RunCommand, rewrite_regenerates_the_golden_file_and_a_drift_then_fails) {
  Scratch scratch;
  scratch.write("g.json", R"({"name": "g", "purpose": "Golden.", "duration": "20s", "cluster": {"nodes": 3},
"timeline": [], "expect": {"golden": "golden/g"}})");
  fs::create_directories(scratch.dir / "golden");
  EXPECT_EQ(call(run_command, {scratch.path("g.json")}).code, 1);  // no golden file yet
  const Result rewrite = call(run_command, {scratch.path("g.json"), "--rewrite"});
  EXPECT_EQ(rewrite.code, 0) << rewrite.out;
  EXPECT_TRUE(fs::exists(scratch.path("golden/g.stable.jsonl")));
  EXPECT_EQ(call(run_command, {scratch.path("g.json")}).code, 0);
  // Another seed gives other timestamps: the golden stream no longer matches.
  const Result drift = call(run_command, {scratch.path("g.json"), "--seed", "99"});
  EXPECT_EQ(drift.code, 1);
  EXPECT_NE(drift.out.find("differs from the golden stream"), std::string::npos) << drift.out;
}

TEST(ReplayCommand, hostile_text_in_a_scenario_survives_the_trace_and_replays_identically) {
  Scratch scratch;
  // Quotes, a backslash, a newline, control characters, markup and non-ASCII text: every
  // writer escapes them and every reader takes them back.
  scratch.write("h.json", R"({"name": "q\"uote\\ \n\u0001\u001f</script>]]>&amp; \u00e9\u4e2d\ud83d\ude00",
"purpose": "Tab\there, bell\u0007.", "duration": "10s", "cluster": {"nodes": ["c-1", "c.2", "c:3"]},
"timeline": [{"at": "3s", "action": "crash", "node": "leader"}]})");
  const Result run = call(run_command, {scratch.path("h.json"), "--quiet", "--trace", scratch.path("t.jsonl"), "--events",
                                        scratch.path("e.jsonl"), "--timeline", scratch.path("t.html")});
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  const Result replay = call(replay_command, {scratch.path("t.jsonl")});
  EXPECT_EQ(replay.code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("IDENTICAL"), std::string::npos) << replay.out;
  const std::string trace = scratch.read("t.jsonl");
  EXPECT_EQ(trace.find('\x01'), std::string::npos);  // a control character is written escaped
  // A raw newline inside a string would split a record: every line is one whole object.
  std::istringstream lines(trace);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line.substr(0, 120);
  }
  const std::string page = scratch.read("t.html");
  EXPECT_EQ(page.find("</script>]]>"), std::string::npos);
  EXPECT_NE(page.find("&lt;/script&gt;]]&gt;&amp;amp;"), std::string::npos);
}

TEST(ReplayCommand, a_recorded_trace_replays_identically_and_a_tampered_one_does_not) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("node_flap_leader.json"), "--quiet", "--trace", scratch.path("t.jsonl")}).code, 0);
  const Result same = call(replay_command, {scratch.path("t.jsonl")});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("IDENTICAL"), std::string::npos);
  std::ifstream in(scratch.path("t.jsonl"));
  std::stringstream text;
  text << in.rdbuf();
  std::string tampered = text.str();
  const auto at = tampered.find("\"at_ns\":") + 8;
  tampered.insert(at, "1");  // one event moved in time
  scratch.write("tampered.jsonl", tampered);
  const Result differs = call(replay_command, {scratch.path("tampered.jsonl")});
  EXPECT_EQ(differs.code, 1);
  EXPECT_NE(differs.out.find("first difference at line 2 of the trace"), std::string::npos) << differs.out;
  scratch.write("cut.jsonl", text.str().substr(0, text.str().find("\"type\":\"footer\"") - 1));
  EXPECT_EQ(call(replay_command, {scratch.path("cut.jsonl")}).code, 2);
}

// --pace plays the same run out on the wall clock: the same events, byte for byte, written as
// they happen, so a reader of the stream sees the first while the run is still going.
TEST(RunCommand, a_paced_run_streams_the_same_events_as_they_happen) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("leader_crash.json"), "--quiet", "--events", scratch.path("plain.jsonl")}).code, 0);
  const auto began = std::chrono::steady_clock::now();
  ASSERT_EQ(call(run_command, {scenario("leader_crash.json"), "--quiet", "--pace", "200", "--events", scratch.path("paced.jsonl")}).code, 0);
  // 60 simulated seconds at 200 times real time take at least 0.3 s: the pace holds it back.
  EXPECT_GE(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(290));
  std::ifstream plain(scratch.path("plain.jsonl")), paced(scratch.path("paced.jsonl"));
  std::stringstream a, b;
  a << plain.rdbuf();
  b << paced.rdbuf();
  EXPECT_EQ(a.str(), b.str());
  // Streamed: the first line arrives while the run (60 s at 20x: 3 s) still goes on.
  FILE* stream = ::popen((std::string(CLUSTERSIM_BINARY) + " run " + scenario("leader_crash.json") +
                          " --quiet --pace 20 --events - 2>/dev/null").c_str(), "r");
  ASSERT_NE(stream, nullptr);
  char first[4096] = {};
  ASSERT_NE(std::fgets(first, sizeof first, stream), nullptr);
  const auto first_at = std::chrono::steady_clock::now();
  EXPECT_NE(std::string(first).find("\"namespace\":\"cluster\""), std::string::npos) << first;
  std::string rest;
  for (char chunk[4096]; std::fgets(chunk, sizeof chunk, stream) != nullptr;) rest += chunk;
  EXPECT_EQ(::pclose(stream), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - first_at, std::chrono::milliseconds(1500)) << "the first line came only at the end";
  EXPECT_EQ(first + rest, a.str());
  EXPECT_EQ(call(run_command, {scenario("leader_crash.json"), "--pace", "10"}).code, 2);
  EXPECT_EQ(call(run_command, {scenario("leader_crash.json"), "--pace", "0", "--events", "-"}).code, 2);
  EXPECT_EQ(call(run_command, {scenario("leader_crash.json"), "--pace", "fast", "--events", "-"}).code, 2);
}

TEST(CheckCommand, a_clean_log_from_several_controllers_passes) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("rolling_restart.json"), "--quiet", "--events", scratch.path("e.jsonl")}).code, 0);
  const Result r = call(check_command, {scratch.path("e.jsonl")});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("from 5 controllers, 0 violations"), std::string::npos) << r.out;
}

// Controllers' wall clocks disagree (clock_offset): lines written in true order carry stamps
// that go backwards across controllers. The check orders per controller only, so no skew
// between them is taken for a violation.
TEST(CheckCommand, clocks_that_disagree_between_controllers_are_tolerated) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("staggered_boots_skewed_clocks.json"), "--quiet", "--events", scratch.path("e.jsonl")}).code, 0);
  std::ifstream in(scratch.path("e.jsonl"));
  std::string line;
  std::string newest;
  bool goes_back = false;
  while (std::getline(in, line)) {
    const std::string stamp = line.substr(line.find("\"timestamp\""), 45);
    goes_back = goes_back || stamp < newest;
    newest = std::max(newest, stamp);
  }
  ASSERT_TRUE(goes_back) << "the log's stamps never go backwards: no skew to tolerate";
  const Result r = call(check_command, {scratch.path("e.jsonl")});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("from 5 controllers, 0 violations"), std::string::npos) << r.out;
}

// Asynchronous dispatch (cluster.dispatch_jitter): a controller's own lines go back in time,
// as real logs do; the run's oracles and the check both order by timestamp and pass.
TEST(CheckCommand, a_log_written_in_dispatch_order_is_put_back_in_timestamp_order) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("dispatch_reordering.json"), "--quiet", "--events", scratch.path("e.jsonl")}).code, 0);
  std::ifstream in(scratch.path("e.jsonl"));
  std::string line;
  std::map<std::string, std::string> newest;  // per controller
  int back = 0;
  while (std::getline(in, line)) {
    const std::string source = line.substr(line.find("\"event_src_id\""), 30);
    const std::string stamp = line.substr(line.find("\"timestamp\""), 45);
    back += stamp < newest[source] ? 1 : 0;
    newest[source] = std::max(newest[source], stamp);
  }
  ASSERT_GT(back, 0) << "no controller's lines go back in time: nothing was reordered";
  const Result r = call(check_command, {scratch.path("e.jsonl")});
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(CheckCommand, orders_by_timestamp_and_reports_violations_with_line_numbers) {
  Scratch scratch;
  const std::string head = R"({"namespace":"cluster","event_src_id":")";
  scratch.write("log.jsonl",
                head + R"(c1","timestamp":"2025-01-10T13:54:50Z","eventType":"state.is_leaderless"})" "\n" +
                head + R"(c1","timestamp":"2025-01-10T13:54:48Z","eventType":"state.has_leader","leaderId":"c2"})" "\n" +
                head + R"(c2","timestamp":"2025-01-10T13:54:48Z","eventType":"state.is_leaderless"})" "\n" +
                head + R"(c2","timestamp":"2025-01-10T13:54:49Z","eventType":"state.is_leaderless"})" "\n" +
                R"({"namespace":"cluster","event_src_id":"c3"})" "\n" +
                R"({"namespace":"circuit","event_src_id":"c3","timestamp":"2025-01-10T13:54:48Z","eventType":"created"})" "\n");
  const Result r = call(check_command, {scratch.path("log.jsonl")});
  EXPECT_EQ(r.code, 1);
  // c1's lines are out of file order but fine in time order; c2 repeats is_leaderless.
  EXPECT_EQ(r.out.find("log.jsonl:1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("log.jsonl:4: state_alternation: c2: state.is_leaderless again (previous at " + scratch.path("log.jsonl") + ":3)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("log.jsonl:5: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(1 lines of other namespaces skipped), 2 violations"), std::string::npos) << r.out;
}

TEST(CheckCommand, an_unreadable_or_foreign_file_exits_2) {
  Scratch scratch;
  EXPECT_EQ(call(check_command, {scratch.path("missing.jsonl")}).code, 2);
  scratch.write("foreign.jsonl", "hello\nworld\n");
  EXPECT_EQ(call(check_command, {scratch.path("foreign.jsonl")}).code, 2);
}

}  // namespace
}  // namespace clustersim::sim
