// `clustersim check` on logs as real controllers and log shippers write them: out of order
// within the reorder window, too far out of order, several files merged, from standard input,
// of any length in bounded memory, not event logs at all; and the command's options and JSON.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "sim/cli/commands.h"
#include "sim/logcheck/reorder_window.h"
#include "tests/cli/cli_support.h"
#include "tests/logcheck/log_lines.h"

namespace clustersim::sim {
namespace {

using namespace logcheck::test;
using logcheck::CheckOptions;

TEST(LogCheck, events_out_of_order_within_the_window_are_put_right) {
  // c1 wrote 'has_leader c2' (t=2) after 'is_leaderless' (t=3): in time order they alternate.
  const Checked r = check(leaderless("c1", 1) + leaderless("c1", 3) + has_leader("c1", 2, "c2"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "3 cluster events from 1 controllers, 0 violations")) << r.out;
}

// The window's edge is the newest timestamp less the span: at the earliest instant a timestamp
// holds (1677), that subtraction once overflowed (UBSan reports it in the sanitizer suite).
TEST(LogCheck, a_log_at_the_earliest_representable_instant_is_checked) {
  const std::string head = R"({"namespace":"cluster","event_src_id":"c1","timestamp":")";
  const Checked r = check(head + R"(1677-09-21T00:12:43.145224192Z","eventType":"state.is_leaderless"})" "\n" + head +
                          R"(1677-09-21T00:12:44Z","eventType":"state.is_leaderless"})" "\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "log:2: state_alternation: c1: state.is_leaderless again (previous at log:1)")) << r.out;
}

TEST(LogCheck, an_event_older_than_one_already_checked_is_reported_as_out_of_order) {
  CheckOptions options;
  options.limits.reorder_events = 2;
  std::string log;
  for (int i = 0; i < 6; ++i) log += i % 2 == 0 ? has_leader("c1", 10 + i, "c2") : leaderless("c1", 10 + i);
  log += has_leader("c1", 1, "c3");  // far behind everything already checked
  const Checked r = check(log, options);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "log:7: order: c1: older than log:")) << r.out;
  EXPECT_TRUE(has(r.out, "more out of order than the check can put right (2 events or 10s)")) << r.out;
}

// One file per controller: merged by timestamp, so the cluster's rules see them together.
TEST(LogCheck, several_files_are_merged_by_timestamp) {
  std::istringstream one(has_leader("c1", 1, "c1") + has_leader("c1", 10, "c3") + line("c1", 45, "state.ro"));
  std::istringstream two(has_leader("c2", 1, "c1") + has_leader("c2", 50, "c3"));
  std::ostringstream out, err;
  const logcheck::CheckOutcome outcome = logcheck::check_logs({{"c1.json", &one}, {"c2.json", &two}}, {}, out, err);
  EXPECT_EQ(outcome.exit_code, 1) << out.str();
  EXPECT_TRUE(has(out.str(), "c1.json:3: leader_disagreement: controllers report different leaders for longer than 30s "
                             "(--disagreement-tolerance): c1 reports c3 (since c1.json:2), c2 reports c1 (since c2.json:1)"))
      << out.str();
  EXPECT_TRUE(has(out.str(), "5 cluster events from 2 controllers")) << out.str();
}

// A stream of any length: what waits is bounded by the window, never by the lines read.
TEST(LogCheck, memory_is_bounded_by_the_window_not_by_the_length) {
  logcheck::LogLimits limits;
  limits.reorder_events = 8;
  logcheck::ReorderWindow window(limits);
  std::size_t most_waiting = 0, released = 0;
  std::int64_t last = INT64_MIN;
  for (int i = 0; i < 200'000; ++i) {
    logcheck::LogEvent e;
    e.unix_ns = (i + (i % 2 == 0 ? 1 : -1)) * std::int64_t{1'000'000'000};  // each pair swapped
    e.line = static_cast<std::uint64_t>(i + 1);
    window.push(e);
    most_waiting = std::max(most_waiting, window.size());
    while (auto ready = window.pop(false)) {
      EXPECT_GE(ready->unix_ns, last);
      last = ready->unix_ns;
      ++released;
    }
  }
  while (window.pop(true)) ++released;
  EXPECT_EQ(released, 200'000u);
  EXPECT_LE(most_waiting, limits.reorder_events + 1);
}

TEST(LogCheck, lines_beyond_the_limits_are_named_and_the_check_goes_on) {
  CheckOptions options;
  options.limits.line_bytes = 200;
  const std::string long_id(300, 'x');
  const Checked r = check(std::string(1000, ' ') + "x\n" + leaderless("c1", 1) + leaderless(long_id, 2), options);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "log:1: format: a line longer than 200 bytes: not an event")) << r.out;
  EXPECT_TRUE(has(r.out, "log:3: format: a line longer than 200 bytes")) << r.out;
  EXPECT_TRUE(has(r.out, "1 cluster events from 1 controllers, 2 violations")) << r.out;
  const Checked ids = check(leaderless(long_id, 2));
  EXPECT_TRUE(has(ids.out, "log:1: format: an id longer than 256 bytes: not a controller's")) << ids.out;
}

TEST(LogCheck, a_log_of_too_many_controllers_is_not_one_clusters) {
  CheckOptions options;
  options.limits.controllers = 3;
  std::string log;
  for (int i = 0; i < 5; ++i) log += leaderless("c" + std::to_string(i), 1);
  const Checked r = check(log, options);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "log:4: more than 3 controller ids in one log")) << r.err;
}

TEST(LogCheck, a_bom_spaces_and_crlf_are_not_part_of_an_event_and_a_line_says_what_it_was) {
  std::string crlf = has_leader("c1", 2, "c2");
  crlf.replace(crlf.size() - 1, 1, "\r\n");
  const Checked r = check("\xEF\xBB\xBF  " + leaderless("c1", 1) + "  " + crlf + "[1,2]");  // no newline at the end
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "log:3: format: not a JSON object (it starts with '[')")) << r.out;
  EXPECT_TRUE(has(r.out, "2 cluster events from 1 controllers, 1 violation\n")) << r.out;
}

TEST(LogCheck, what_is_not_an_event_log_is_refused) {
  EXPECT_EQ(check("").code, 2);
  EXPECT_TRUE(has(check("\n\n").err, "no events in the file"));
  const Checked text = check("hello\nworld\n");
  EXPECT_EQ(text.code, 2);
  EXPECT_TRUE(has(text.err, "no line is a cluster event; is this an events file?")) << text.err;
}

TEST(CheckCommand, reads_standard_input_for_a_dash_and_refuses_a_folder) {
  std::istringstream piped(leaderless("c1", 1) + leaderless("c1", 2));
  std::streambuf* const real = std::cin.rdbuf(piped.rdbuf());
  const Result r = call(check_command, {"-"});
  std::cin.rdbuf(real);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "-:2: state_alternation: c1: state.is_leaderless again (previous at -:1)")) << r.out;
  Scratch scratch;
  EXPECT_EQ(call(check_command, {scratch.dir.string()}).code, 2);
  EXPECT_TRUE(has(call(check_command, {scratch.dir.string()}).err, "a folder, not an event log"));
  EXPECT_TRUE(has(call(check_command, {"-", "-"}).err, "standard input (-) can be read only once"));
}

TEST(CheckCommand, options_are_checked_before_anything_is_read) {
  Scratch scratch;
  const std::string log = (scratch.dir / "events.json").string();
  std::ofstream(log) << leaderless("c1", 1) << has_leader("c1", 2, "c2");
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{log, "--window"}, {log, "--window", "soon"}, {log, "--window", "0s"},
                                                  {log, "--alert-after", "-5s"}, {log, "--peer-flap-alert", "3"},
                                                  {log, "--churn-alert", "0/1m"}, {log, "--colour"}, {},
                                                  {log, "--json", scratch.dir.string()}}) {
    const Result r = call(check_command, bad);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(has(r.err, "clustersim check: ")) << r.err;
  }
  EXPECT_TRUE(has(call(check_command, {log, "--colour"}).err, "unknown option \"--colour\""));
}

TEST(CheckCommand, writes_the_report_as_json_and_keeps_people_output_off_a_json_stdout) {
  Scratch scratch;
  const std::string log = (scratch.dir / "events.json").string();
  std::ofstream(log) << has_leader("c1", 1, "c2") << leaderless("c1", 10) << has_leader("c1", 30, "c2");
  const std::string json_path = (scratch.dir / "report.json").string();
  const Result r = call(check_command, {log, "--alert-after", "5s", "--window", "2s", "--json", json_path});
  EXPECT_EQ(r.code, 0) << r.err;
  std::ifstream in(json_path);
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(report["verdict"], "pass");
  EXPECT_EQ(report["files"][0], log);
  EXPECT_EQ(report["alerts"]["fired"]["leaderless"], 1);
  EXPECT_EQ(report["what_if_window"]["suppressed_periods"], 0);
  EXPECT_EQ(report["periods"][0]["cause"], "unknown");
  EXPECT_TRUE(has(r.out, "alerts that would have fired: leaderless 1")) << r.out;
  const Result piped = call(check_command, {log, "--json", "-"});
  EXPECT_EQ(nlohmann::json::parse(piped.out)["events"], 3);
  EXPECT_TRUE(has(piped.err, "3 cluster events from 1 controllers")) << piped.err;
}

TEST(CheckCommand, draws_a_timeline_of_the_log_and_refuses_other_file_kinds) {
  Scratch scratch;
  const std::string log = (scratch.dir / "events.json").string();
  std::ofstream(log) << has_leader("c1", 1, "c2") << has_leader("c2", 1, "c2") << leaderless("c1", 10) << has_leader("c1", 30, "c2");
  const std::string page = (scratch.dir / "t.html").string();
  const Result r = call(check_command, {log, "--timeline", page});
  EXPECT_EQ(r.code, 0) << r.err;
  std::ifstream in(page);
  std::stringstream text;
  text << in.rdbuf();
  const std::string html = text.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(has(html, "c1 leaderless from 2025-01-10T00:00:10Z for 20s; had c2")) << html.substr(0, 2000);
  EXPECT_EQ(call(check_command, {log, "--timeline", (scratch.dir / "t.txt").string()}).code, 2);
  EXPECT_TRUE(has(call(check_command, {log, "--timeline", page, "--json", page}).err, "two outputs to the same place"));
  const Result svg = call(check_command, {log, "--timeline", "-"});
  EXPECT_EQ(svg.code, 2) << "- ends neither in .svg nor .html";
}

// --follow reads on as the log grows (a controller still writing it) and shows each change as
// a line when the output is not a terminal; --idle-exit ends it with the summary.
TEST(CheckCommand, follows_a_growing_log_and_ends_when_idle) {
  Scratch scratch;
  const std::string log = (scratch.dir / "events.json").string();
  std::ofstream(log) << has_leader("c1", 1, "c2") << peer_line("c1", 2, "peer.connected", "c2");
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::ofstream more(log, std::ios::app);
    more << leaderless("c1", 10) << R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T00:00:12Z",)";
    more.flush();  // half a line: it waits for the rest
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    more << R"("eventType":"state.has_leader","leaderId":"c3"})" "\n";
  });
  const Result r = call(check_command, {log, "--follow", "--idle-exit", "1s", "--alert-after", "1s"});
  writer.join();
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "2025-01-10T00:00:01Z  c1  reports leader c2\n")) << r.out;
  EXPECT_TRUE(has(r.out, "2025-01-10T00:00:02Z  c1  connected to c2\n")) << r.out;
  EXPECT_TRUE(has(r.out, "2025-01-10T00:00:10Z  c1  reports NO LEADER\n")) << r.out;
  EXPECT_TRUE(has(r.out, "2025-01-10T00:00:12Z  c1  reports leader c3\n")) << r.out;
  EXPECT_TRUE(has(r.out, "period: c1 leaderless from 2025-01-10T00:00:10Z for 2s")) << r.out;
  EXPECT_TRUE(has(r.out, "4 cluster events from 1 controllers, 0 violations")) << r.out;
  EXPECT_TRUE(has(r.out, "alerts that would have fired: leaderless 1")) << r.out;
  EXPECT_EQ(call(check_command, {log, "--idle-exit", "1s"}).code, 2);
}

}  // namespace
}  // namespace clustersim::sim
