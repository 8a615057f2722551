// What-if on a log: a stability window replayed through the production stable tracker, and
// the operations guide's alert rules, each firing (or not) where an operator would expect.
#include <gtest/gtest.h>

#include "tests/logcheck/log_lines.h"

namespace clustersim::sim::logcheck::test {
namespace {

// c1 loses its leader for 2 s at 10 s and for 12 s at 30 s.
std::string two_losses() {
  return has_leader("c1", 1, "c2") + leaderless("c1", 10) + has_leader("c1", 12, "c2") + leaderless("c1", 30) +
         has_leader("c1", 42, "c3");
}

TEST(WhatIf, a_window_suppresses_losses_shorter_than_it_and_delays_the_rest) {
  CheckOptions options;
  options.window = std::chrono::seconds(5);
  const Checked r = check(two_losses() + line("c1", 60, "state.ro"), options);  // the log goes on past 47 s
  ASSERT_EQ(r.code, 0) << r.out;
  const auto& w = r.json["what_if_window"];
  EXPECT_EQ(w["state_events"], 5);
  // The announcement, is_leaderless at 35 s, has_leader(c3) at 47 s.
  EXPECT_EQ(w["replayed_events"], 3);
  EXPECT_EQ(w["leaderless_events"], 2);
  EXPECT_EQ(w["replayed_leaderless"], 1);
  EXPECT_EQ(w["suppressed_periods"], 1);
  EXPECT_EQ(w["suppressed_longest_ms"], 2000.0);
  EXPECT_EQ(w["mean_delay_ms"], 5000.0);
  EXPECT_TRUE(has(r.out, "not reported: c1 leaderless 2025-01-10T00:00:10Z for 2s (log:2)")) << r.out;
}

TEST(WhatIf, leaderless_not_followed_by_has_leader_within_the_tolerance_alerts) {
  CheckOptions options;
  options.alerts.leaderless_after = std::chrono::seconds(5);
  const Checked r = check(two_losses() + leaderless("c1", 50), options);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto& list = r.json["alerts"]["list"];
  ASSERT_EQ(list.size(), 2u) << r.out;
  EXPECT_EQ(list[0]["at"], "2025-01-10T00:00:35Z");
  EXPECT_EQ(list[0]["line"], 4);
  EXPECT_EQ(list[0]["after_log_end"], false);
  // The last loss is still open when the log ends: it would fire unless a has_leader came.
  EXPECT_EQ(list[1]["at"], "2025-01-10T00:00:55Z");
  EXPECT_EQ(list[1]["after_log_end"], true);
  // Exactly at the tolerance is within it.
  options.alerts.leaderless_after = std::chrono::seconds(12);
  const Checked edge = check(two_losses(), options);
  EXPECT_EQ(edge.json["alerts"]["fired"].size(), 0u) << edge.out;
}

TEST(WhatIf, peer_flap_and_churn_rules_fire_once_per_burst) {
  CheckOptions options;
  options.alerts.peer_flap = parse_count_rule("3/1m");
  options.alerts.churn = parse_count_rule("4/10s");
  std::string log;
  for (int i = 0; i < 4; ++i) {
    log += peer_line("c1", 10 * i + 1, "peer.connected", "c2") + peer_line("c1", 10 * i + 5, "peer.disconnected", "c2");
  }
  // Churn: gained/lost of c1 and c2, four within 10 s at 100-103 s, then calm, then again.
  log += gained("c1", 100, {"c1", "c2"}) + lost("c1", 101) + gained("c2", 102, {"c1", "c2"}) + lost("c2", 103) +
         gained("c1", 200, {"c1", "c2"}) + lost("c1", 201) + gained("c2", 202, {"c1", "c2"}) + lost("c2", 203);
  const Checked r = check(log, options);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.json["alerts"]["fired"]["peer_flap"], 1) << r.out;  // the 3rd and 4th loss: one burst
  EXPECT_EQ(r.json["alerts"]["fired"]["churn"], 2) << r.out;
  EXPECT_TRUE(has(r.out, "peer_flap  c1 lost c2 3 times within 1m (log:6)")) << r.out;
}

TEST(WhatIf, count_rules_are_read_or_refused_with_a_reason) {
  EXPECT_EQ(parse_count_rule("3/5m").count, 3u);
  EXPECT_EQ(parse_count_rule("3/5m").within, std::chrono::minutes(5));
  EXPECT_THROW(parse_count_rule("3"), std::invalid_argument);
  EXPECT_THROW(parse_count_rule("0/5m"), std::invalid_argument);
  EXPECT_THROW(parse_count_rule("x/5m"), std::invalid_argument);
  EXPECT_THROW(parse_count_rule("3/soon"), std::invalid_argument);
}

}  // namespace
}  // namespace clustersim::sim::logcheck::test
