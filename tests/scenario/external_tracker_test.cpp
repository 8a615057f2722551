// A tracker under test that runs as a process (the tracker protocol) and fails is a result,
// not a crash: each way of failing stops the run with a named check, the node, the virtual
// time, the last messages exchanged and the tail of the tracker's stderr. The fakes here are
// small shell programs; the real protocol partner is the Go reference tracker, which the
// GoTracker tests hold byte-identical to the built-in trackers on the whole library.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

// A shell tracker: answers hello with a name, bye by exiting, and every other request with
// `on_start` when it is a start (or nothing emitted), after `before_each` ran.
TrackerCommand shell_tracker(const std::string& on_start, const std::string& before_each = "") {
  const std::string script =
      "n=0\n"
      "while IFS= read -r l; do\n"
      "  n=$((n+1))\n"
      "  node=$(printf '%s' \"$l\" | sed -n 's/.*\"node\":\"\\([^\"]*\\)\".*/\\1/p')\n"
      "  wall=$(printf '%s' \"$l\" | sed -n 's/.*\"wall\":\"\\([^\"]*\\)\".*/\\1/p')\n" +
      before_each +
      "  case \"$l\" in\n"
      "    *'\"type\":\"hello\"'*) echo '{\"tracker\":\"fake\"}' ;;\n"
      "    *'\"type\":\"bye\"'*) exit 0 ;;\n"
      "    *'\"type\":\"start\"'*) " + on_start + " ;;\n"
      "    *) echo '{\"events\":[],\"wakeup_ns\":null}' ;;\n"
      "  esac\n"
      "done\n";
  TrackerCommand command;
  command.text = "sh -c <script>";
  command.argv = {"sh", "-c", script};
  command.timeout = std::chrono::milliseconds(2000);
  return command;
}

const std::string silent = "echo '{\"events\":[],\"wakeup_ns\":null}'";

RunResult run_with(const TrackerCommand& command) {
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/leader_crash.json");
  scenario.tracker_command = command;
  return run_scenario(scenario);
}

const CheckFailure& only_failure_of(const OracleReport& report, const std::string& name) {
  const auto check = std::find_if(report.checks.begin(), report.checks.end(),
                                  [&](const CheckResult& c) { return c.name == name; });
  EXPECT_NE(check, report.checks.end());
  EXPECT_EQ(check->failures.size(), 1u) << name;
  static const CheckFailure none{model::no_node, time_zero, "", {}};
  return check->failures.empty() ? none : check->failures.front();
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(ExternalTracker, a_tracker_that_exits_fails_tracker_process_with_its_last_messages_and_stderr) {
  const RunResult run = run_with(shell_tracker(silent, "  if [ $n -eq 12 ]; then echo 'out of cheese' >&2; exit 7; fi\n"));
  ASSERT_TRUE(run.limit.has_value());
  const OracleReport report = check_run(run, nullptr);
  EXPECT_EQ(report.exit_code(), 1);
  const CheckFailure& failure = only_failure_of(report, "tracker_process");
  EXPECT_NE(failure.message.find("exited with status 7"), std::string::npos) << failure.message;
  EXPECT_NE(failure.node, model::no_node);  // the node whose request went unanswered
  EXPECT_TRUE(mentions(failure.events, "> {\"type\":")) << "the last requests are shown";
  EXPECT_TRUE(mentions(failure.events, "< {\"events\":[]")) << "and the last answers";
  EXPECT_TRUE(mentions(failure.events, "out of cheese")) << "and the stderr tail";
  // The run stopped there: nothing ran after the failure.
  EXPECT_EQ(run.limit->at, failure.at);
}

TEST(ExternalTracker, a_tracker_that_hangs_fails_after_the_timeout) {
  TrackerCommand command = shell_tracker("sleep 30");
  command.timeout = std::chrono::milliseconds(200);
  const OracleReport report = check_run(run_with(command), nullptr);
  const CheckFailure& failure = only_failure_of(report, "tracker_process");
  EXPECT_NE(failure.message.find("no answer to start"), std::string::npos) << failure.message;
  EXPECT_NE(failure.message.find("within 200 ms"), std::string::npos) << failure.message;
}

// A tracker that closes its stdout but keeps running cannot hold the run: it is given a
// moment to exit, then killed, and the report says so.
TEST(ExternalTracker, a_tracker_that_closes_its_stdout_and_lingers_is_killed) {
  TrackerCommand command;
  command.argv = {"sh", "-c", "read l; echo '{\"tracker\":\"x\"}'; read l; exec 1>&-; sleep 30"};
  const OracleReport report = check_run(run_with(command), nullptr);
  const CheckFailure& failure = only_failure_of(report, "tracker_process");
  EXPECT_NE(failure.message.find("closed its stdout without answering"), std::string::npos) << failure.message;
  EXPECT_NE(failure.message.find("still running 500 ms later"), std::string::npos) << failure.message;
}

TEST(ExternalTracker, an_answer_that_is_not_one_fails_tracker_protocol) {
  const OracleReport report = check_run(run_with(shell_tracker("echo 'state: has leader'")), nullptr);
  const CheckFailure& failure = only_failure_of(report, "tracker_protocol");
  EXPECT_NE(failure.message.find("not an answer: not a JSON object"), std::string::npos) << failure.message;
}

// A shell command answering a start with one is_leaderless event from `source` stamped `stamp`
// (shell words: $node and $wall are the request's).
std::string announce_as(const std::string& source, const std::string& stamp) {
  return "echo \"{\\\"events\\\":[{\\\"namespace\\\":\\\"cluster\\\",\\\"event_src_id\\\":\\\"" + source +
         "\\\",\\\"timestamp\\\":\\\"" + stamp +
         "\\\",\\\"eventType\\\":\\\"state.is_leaderless\\\"}],\\\"wakeup_ns\\\":null}\"";
}

TEST(ExternalTracker, invalid_events_fail_tracker_protocol_naming_what_is_wrong) {
  const OracleReport wrong_time = check_run(run_with(shell_tracker(announce_as("$node", "1970-01-01T00:00:00.000000000Z"))), nullptr);
  const CheckFailure& stamped = only_failure_of(wrong_time, "tracker_protocol");
  EXPECT_NE(stamped.message.find("is not the request's wall time"), std::string::npos) << stamped.message;
  const OracleReport other_node = check_run(run_with(shell_tracker(announce_as("elsewhere", "$wall"))), nullptr);
  const CheckFailure& sourced = only_failure_of(other_node, "tracker_protocol");
  EXPECT_NE(sourced.message.find("event_src_id is \"elsewhere\""), std::string::npos) << sourced.message;
  // The same answer with the right node and time is accepted: the fake then fails only the
  // checks a mute tracker fails, not the protocol.
  const OracleReport right = check_run(run_with(shell_tracker(announce_as("$node", "$wall"))), nullptr);
  for (const CheckResult& check : right.checks) {
    if (check.name == "tracker_protocol" || check.name == "tracker_process") {
      EXPECT_TRUE(check.passed()) << check.name;
    }
  }
}

TEST(ExternalTracker, a_refused_hello_fails_tracker_process_with_the_reason) {
  TrackerCommand command;
  command.argv = {"sh", "-c", "read l; echo '{\"error\":\"speaks protocol 7 only\"}'; cat >/dev/null"};
  const OracleReport report = check_run(run_with(command), nullptr);
  const CheckFailure& failure = only_failure_of(report, "tracker_process");
  EXPECT_NE(failure.message.find("refused the session: speaks protocol 7 only"), std::string::npos) << failure.message;
}

TEST(ExternalTracker, a_command_that_cannot_start_throws_a_start_error) {
  TrackerCommand command;
  command.argv = {"/nonexistent/clustersim-tracker"};
  EXPECT_THROW(run_with(command), TrackerStartError);
}

// A tracker that answers every request but never emits anything is simply wrong, and the
// oracles say so as they would of a built-in tracker; the swarm shrinks it to a scenario file
// that names the tracker command, so the file alone reproduces it.
TEST(ExternalTracker, a_wrong_external_tracker_is_caught_by_the_oracles_and_shrunk_by_the_swarm) {
  const TrackerCommand mute = shell_tracker(silent);
  const OracleReport report = check_run(run_with(mute), nullptr);
  EXPECT_FALSE(std::find_if(report.checks.begin(), report.checks.end(),
                            [](const CheckResult& c) { return c.name == "announcement"; })->passed());
  Scenario tmpl = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  tmpl.tracker_command = mute;
  const SeedOutcome outcome = run_seed(tmpl, 3);
  ASSERT_FALSE(outcome.passed);
  EXPECT_NE(outcome.failure.find("announcement"), std::string::npos) << outcome.failure;
  ASSERT_TRUE(outcome.shrunk.tracker_command.has_value());
  EXPECT_EQ(outcome.shrunk.tracker_command->argv, mute.argv);
  const Scenario reloaded = parse_scenario(write_scenario(outcome.shrunk), "shrunk.json");
  ASSERT_TRUE(reloaded.tracker_command.has_value());
  EXPECT_EQ(reloaded.tracker_command->timeout, mute.timeout);
}

TEST(ExternalTracker, a_command_line_splits_like_a_simple_shell_command) {
  std::string why;
  const auto command = parse_tracker_command("go-tracker --name 'a b' \"c \\\"d\\\"\" e\\ f", why);
  ASSERT_TRUE(command.has_value()) << why;
  EXPECT_EQ(command->argv, (std::vector<std::string>{"go-tracker", "--name", "a b", "c \"d\"", "e f"}));
  EXPECT_FALSE(parse_tracker_command("tracker 'open", why).has_value());
  EXPECT_NE(why.find("unclosed single quote"), std::string::npos);
  EXPECT_FALSE(parse_tracker_command("   ", why).has_value());
}

}  // namespace
}  // namespace clustersim::sim
