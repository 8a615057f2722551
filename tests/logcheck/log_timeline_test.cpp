// The timeline of a real log: lanes per controller, what each reported and when it led, its
// leaderless periods with their causes, drawn by the run's renderer; bounded on long logs.
#include <gtest/gtest.h>

#include "sim/timeline/log_timeline.h"
#include "tests/logcheck/log_lines.h"

namespace clustersim::sim::logcheck::test {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

std::string drawn(const std::string& log, std::size_t most = 20000) {
  std::istringstream in(log);
  std::ostringstream out, err;
  LogTimeline timeline("events.json", most);
  check_logs({{"events.json", &in}}, {}, out, err, &timeline);
  return timeline_svg(timeline.picture());
}

TEST(LogTimeline, draws_each_controllers_reports_leadership_read_only_and_leaderless_causes) {
  const std::vector<std::string> three{"c1", "c2", "c3"};
  const std::string log = gained("c1", 1, three) + has_leader("c1", 1, "c1") + has_leader("c2", 1, "c1") +
                          has_leader("c3", 1, "c1") + peer_line("c2", 10, "peer.disconnected", "c1") +
                          peer_line("c3", 10, "peer.disconnected", "c1") + leaderless("c2", 11) + leaderless("c3", 11) +
                          gained("c2", 13, three) + has_leader("c2", 13, "c2") + has_leader("c3", 13, "c2") +
                          line("c3", 20, "state.ro") + line("c3", 25, "state.rw");
  const std::string svg = drawn(log);
  EXPECT_EQ(count(svg, "<g class=\"lane\""), 3u);
  EXPECT_TRUE(has(svg, "c2 reported has_leader(c1) from 2025-01-10T00:00:01Z to 2025-01-10T00:00:11Z (10s)")) << svg;
  EXPECT_TRUE(has(svg, "c1 leader (leadership.gained) from 2025-01-10T00:00:01Z to 2025-01-10T00:00:25Z")) << svg;
  EXPECT_TRUE(has(svg, "c3 read-only from 2025-01-10T00:00:20Z to 2025-01-10T00:00:25Z (5s)")) << svg;
  EXPECT_TRUE(has(svg, "c2 leaderless from 2025-01-10T00:00:11Z for 2s; had c1\ncause: leader_down: c2 lost c1 -1s")) << svg;
  EXPECT_TRUE(has(svg, ">00:00:01<")) << svg;  // the axis in wall-clock time, from the first event
  EXPECT_TRUE(has(svg, "reports c1")) << svg;  // the legend names each leader reported
  EXPECT_EQ(count(svg, "class=\"mark\""), 11u);  // 13 events, two pairs too close to draw apart
}

// A long log: marks and bands merged pairwise past the bound, every event still counted.
TEST(LogTimeline, stays_bounded_on_a_long_log_and_counts_every_event) {
  std::string log;
  for (int i = 0; i < 2000; ++i) log += i % 2 == 0 ? has_leader("c1", i, "c2") : leaderless("c1", i);
  const std::string svg = drawn(log, 64);
  EXPECT_LE(count(svg, "class=\"mark\""), 64u);
  EXPECT_TRUE(has(svg, "(too close to draw apart)")) << svg.substr(0, 3000);
  std::uint64_t events = 0;
  for (auto at = svg.find(">x"); at != std::string::npos; at = svg.find(">x", at + 1)) events += std::stoull(svg.substr(at + 2, 8));
  std::size_t single = count(svg, "fill=\"#555555\"");
  EXPECT_EQ(events + single, 2000u);
}

}  // namespace
}  // namespace clustersim::sim::logcheck::test
