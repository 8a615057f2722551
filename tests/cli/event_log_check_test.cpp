// `clustersim check` on logs as real controllers and log shippers write them: out of order
// within the reorder window, too far out of order, from standard input, of any length in
// bounded memory, and not event logs at all.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/cli/event_log_check.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

std::string state_line(const std::string& source, int second, bool has_leader, const std::string& leader = "") {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "2025-01-10T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60);
  std::string line = R"({"namespace":"cluster","event_src_id":")" + source + R"(","timestamp":")" + stamp +
                     R"(","eventType":")" + (has_leader ? "state.has_leader" : "state.is_leaderless") + "\"";
  if (has_leader) line += R"(,"leaderId":")" + leader + "\"";
  return line + "}\n";
}

struct Checked {
  int code;
  std::string out, err;
};

Checked check(const std::string& log, EventLogLimits limits = {}) {
  std::istringstream in(log);
  std::ostringstream out, err;
  const int code = check_event_log(in, "log", out, err, limits);
  return {code, out.str(), err.str()};
}

TEST(EventLogCheck, events_out_of_order_within_the_window_are_put_right) {
  // c1 wrote 'has_leader c2' (t=2) after 'is_leaderless' (t=3): in time order they alternate.
  const Checked r = check(state_line("c1", 1, false) + state_line("c1", 3, false) + state_line("c1", 2, true, "c2"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("3 cluster events from 1 controllers, 0 violations"), std::string::npos) << r.out;
}

// The window's edge is the newest timestamp less the span: at the earliest instant a timestamp
// holds (1677), that subtraction once overflowed (UBSan reports it in the sanitizer suite).
TEST(EventLogCheck, a_log_at_the_earliest_representable_instant_is_checked) {
  const std::string head = R"({"namespace":"cluster","event_src_id":"c1","timestamp":")";
  const Checked r = check(head + R"(1677-09-21T00:12:43.145224192Z","eventType":"state.is_leaderless"})" "\n" + head +
                          R"(1677-09-21T00:12:44Z","eventType":"state.is_leaderless"})" "\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("log:2: c1: state.is_leaderless again (previous at line 1)"), std::string::npos) << r.out;
}

TEST(EventLogCheck, an_event_older_than_one_already_checked_is_reported_as_out_of_order) {
  EventLogLimits limits;
  limits.reorder_events = 2;
  std::string log;
  for (int i = 0; i < 6; ++i) log += state_line("c1", 10 + i, i % 2 == 0, "c2");
  log += state_line("c1", 1, true, "c3");  // far behind everything already checked
  const Checked r = check(log, limits);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("log:7: c1: older than line "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("more out of order than the check can put right (2 events or 10s)"), std::string::npos) << r.out;
}

std::string mesh_line(const std::string& source, int second, const std::string& type, const std::string& peers = "") {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "2025-01-10T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60);
  return R"({"namespace":"cluster","event_src_id":")" + source + R"(","timestamp":")" + stamp + R"(","eventType":")" +
         type + "\"" + (peers.empty() ? "" : R"(,"peers":[)" + peers + "]") + "}\n";
}

std::string peer(const std::string& id) {
  return R"({"id":")" + id + R"(","addr":"tls:)" + id + R"(:6262","version":"v2.1.0","apiAddresses":null})";
}

// The mesh's rules: a repeated peer.connected (the tie-break) and two state.ro (a restart
// between) are legitimate; a peer.disconnected of a peer not connected, two state.rw, and a
// peer event listing other than one peer are not.
TEST(EventLogCheck, mesh_events_follow_the_connection_and_read_only_rules) {
  const std::string clean = mesh_line("c1", 1, "peer.connected", peer("c2")) + mesh_line("c1", 2, "peer.connected", peer("c2")) +
                            mesh_line("c1", 3, "peer.disconnected", peer("c2")) + mesh_line("c1", 4, "state.ro") +
                            mesh_line("c1", 5, "state.ro") + mesh_line("c1", 6, "state.rw") +
                            mesh_line("c1", 7, "peer.disconnected", peer("c3"));  // from before the log began
  const Checked ok = check(clean);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("7 cluster events from 1 controllers, 0 violations"), std::string::npos) << ok.out;
  const Checked bad = check(mesh_line("c1", 1, "peer.connected", peer("c2")) + mesh_line("c1", 3, "peer.disconnected", peer("c2")) +
                            mesh_line("c1", 2, "state.rw") + mesh_line("c1", 4, "peer.disconnected", peer("c2")) +
                            mesh_line("c1", 5, "state.rw") + mesh_line("c1", 6, "peer.connected", peer("c2") + "," + peer("c3")));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("log:4: c1: peer.disconnected for c2, not connected since its peer.disconnected at line 2"),
            std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("log:5: c1: state.rw again without a state.ro between (previous at line 3)"), std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("log:6: c1: peer.connected lists 2 peers; OpenZiti lists the one peer it is about"),
            std::string::npos) << bad.out;
}

TEST(EventLogCheck, a_repeat_is_found_across_the_window_edge) {
  EventLogLimits limits;
  limits.reorder_events = 1;
  const Checked r = check(state_line("c1", 1, false) + state_line("c1", 2, true, "c2") + state_line("c1", 3, true, "c2"),
                          limits);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("log:3: c1: state.has_leader for the same leader again (previous at line 2)"), std::string::npos)
      << r.out;
}

// A stream of any length: what waits is bounded by the window, never by the lines read.
TEST(EventLogCheck, memory_is_bounded_by_controllers_and_window_not_by_length) {
  EventLogLimits limits;
  limits.reorder_events = 8;
  std::ostringstream report;
  EventLogCheck checker("log", report, limits);
  std::size_t most_waiting = 0;
  for (int i = 0; i < 200'000; ++i) {
    // Three controllers, each alternating, every line slightly out of order with the next.
    const int second = i / 3 + ((i / 3) % 2 == 0 ? 1 : -1);
    const std::string line = state_line("c" + std::to_string(i % 3), 10 + second, (i / 3) % 2 == 0, "c0");
    ASSERT_TRUE(checker.line(std::string_view(line).substr(0, line.size() - 1), false));
    most_waiting = std::max(most_waiting, checker.waiting());
  }
  EXPECT_LE(most_waiting, 3u * (limits.reorder_events + 1));
  std::ostringstream err;
  checker.finish(err);
  EXPECT_NE(report.str().find("200000 cluster events from 3 controllers"), std::string::npos) << report.str().substr(0, 500);
}

TEST(EventLogCheck, lines_beyond_the_limits_are_named_and_the_check_goes_on) {
  EventLogLimits limits;
  limits.line_bytes = 200;
  const std::string long_id(300, 'x');
  const Checked r = check(std::string(1000, ' ') + "x\n" + state_line("c1", 1, false) + state_line(long_id, 2, false), limits);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("log:1: a line longer than 200 bytes: not an event"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("log:3: a line longer than 200 bytes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 cluster events from 1 controllers, 2 violations"), std::string::npos) << r.out;
  limits = {};
  const Checked ids = check(state_line(long_id, 2, false));
  EXPECT_NE(ids.out.find("log:1: an id longer than 256 bytes: not a controller's"), std::string::npos) << ids.out;
}

TEST(EventLogCheck, a_log_of_too_many_controllers_is_not_one_clusters) {
  EventLogLimits limits;
  limits.controllers = 3;
  std::string log;
  for (int i = 0; i < 5; ++i) log += state_line("c" + std::to_string(i), 1, false);
  const Checked r = check(log, limits);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("log:4: more than 3 controllers (event_src_id) in one log"), std::string::npos) << r.err;
}

TEST(EventLogCheck, a_bom_spaces_and_crlf_are_not_part_of_an_event_and_a_line_says_what_it_was) {
  const Checked r = check("\xEF\xBB\xBF  " + state_line("c1", 1, false).insert(0, "") + "  " +
                          state_line("c1", 2, true, "c2").replace(state_line("c1", 2, true, "c2").size() - 1, 1, "\r\n") +
                          "[1,2]\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("log:3: not a JSON object (it starts with '[')"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 cluster events from 1 controllers, 1 violation\n"), std::string::npos) << r.out;
}

TEST(CheckCommand, reads_standard_input_for_a_dash_and_refuses_a_folder) {
  std::istringstream piped(state_line("c1", 1, false) + state_line("c1", 2, false));
  std::streambuf* const real = std::cin.rdbuf(piped.rdbuf());
  const Result r = call(check_command, {"-"});
  std::cin.rdbuf(real);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("-:2: c1: state.is_leaderless again (previous at line 1)"), std::string::npos) << r.out;
  Scratch scratch;
  EXPECT_EQ(call(check_command, {scratch.dir.string()}).code, 2);
  EXPECT_NE(call(check_command, {scratch.dir.string()}).err.find("a folder, not an event log"), std::string::npos);
}

}  // namespace
}  // namespace clustersim::sim
