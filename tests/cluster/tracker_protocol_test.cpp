// The tracker protocol's messages: requests are written in one fixed form; answers are read
// whatever a conforming tracker's JSON library does with blanks and key order, and the fast
// reader of the canonical form agrees with the general one.
#include <gtest/gtest.h>

#include "model/events/event_json.h"
#include "sim/cluster/tracker_protocol.h"

namespace clustersim::sim {
namespace {

model::ClusterEvent has_leader(const std::string& node, const std::string& leader) {
  model::ClusterEvent event;
  event.type = model::ClusterEventType::state_has_leader;
  event.source_id = node;
  event.timestamp = model::Timestamp{1'735'689'606'276'700'558, -300};
  event.leader_id = leader;
  return event;
}

TEST(TrackerProtocol, an_answer_reads_back_as_written) {
  const std::vector<model::ClusterEvent> events{has_leader("ctrl1", "ctrl3"), has_leader("ctrl1", "ctrl2")};
  for (const auto wakeup : {std::optional<std::chrono::nanoseconds>{}, std::optional(std::chrono::nanoseconds(6'280'551'183))}) {
    std::string line;
    append_answer(line, events, wakeup);
    TrackerAnswer answer;
    ASSERT_EQ(parse_answer(line, answer), std::nullopt) << line;
    EXPECT_EQ(answer.events, events);
    EXPECT_EQ(answer.wakeup, wakeup);
  }
}

// Blanks, key order, escapes and v1.3 event key order: the general reader's, same result.
TEST(TrackerProtocol, any_conforming_form_of_an_answer_reads_the_same) {
  std::string canonical;
  append_answer(canonical, {has_leader("ctrl1", "ctrl3")}, std::chrono::nanoseconds(42));
  TrackerAnswer expected;
  ASSERT_EQ(parse_answer(canonical, expected), std::nullopt);
  const std::string variants[] = {
      R"({ "events": [ {"namespace":"cluster","event_src_id":"ctrl1","timestamp":"2024-12-31T19:00:06.276700558-05:00","eventType":"state.has_leader","leaderId":"ctrl3"} ], "wakeup_ns": 42 })",
      R"({"wakeup_ns":42,"events":[{"namespace":"cluster","event_src_id":"ctrl1","timestamp":"2024-12-31T19:00:06.276700558-05:00","eventType":"state.has_leader","leaderId":"ctrl3"}]})",
      R"({"events":[{"namespace":"cluster","eventType":"state.has_leader","event_src_id":"ctrl1","timestamp":"2024-12-31T19:00:06.276700558-05:00","leaderId":"\u0063trl3"}],"wakeup_ns":42})",
  };
  for (const std::string& variant : variants) {
    TrackerAnswer answer;
    ASSERT_EQ(parse_answer(variant, answer), std::nullopt) << variant;
    EXPECT_EQ(answer.events, expected.events) << variant;
    EXPECT_EQ(answer.wakeup, expected.wakeup) << variant;
  }
}

TEST(TrackerProtocol, what_is_not_an_answer_is_named) {
  const std::pair<std::string, std::string> cases[] = {
      {"state: leader", "not a JSON object (not JSON at all)"},
      {"[1,2]", "not a JSON object (a array)"},
      {R"({"events":{}})", "\"events\" must be an array"},
      {R"({"events":[],"wakeup_ns":"soon"})", "\"wakeup_ns\" must be an integer"},
      {R"({"events":[],"wakeup":5})", "unknown key \"wakeup\""},
      {R"({"events":[{"namespace":"cluster"}],"wakeup_ns":null})", "events[0]"},
      {R"({"events":[{"namespace":"cluster","event_src_id":"a","timestamp":"yesterday","eventType":"state.is_leaderless"}],"wakeup_ns":null})",
       "events[0].timestamp: not an RFC 3339 timestamp"},
  };
  for (const auto& [line, problem] : cases) {
    TrackerAnswer answer;
    const auto found = parse_answer(line, answer);
    ASSERT_TRUE(found.has_value()) << line;
    EXPECT_NE(found->find(problem), std::string::npos) << line << " -> " << *found;
  }
}

TEST(TrackerProtocol, requests_carry_the_nodes_times_in_a_fixed_form) {
  model::TrackerConfig config;
  config.self_id = "ctrl2";
  TrackerRequest request;
  request.kind = TrackerRequest::Kind::leader;
  request.node = "ctrl2";
  request.time = ProtocolTime{1'000, 2'000, model::Timestamp{1'735'689'600'000'000'002, 0}};
  request.leader = "ctrl\"1";
  request.term = 7;
  std::string line;
  append_request(line, request);
  EXPECT_EQ(line,
            R"({"type":"leader","node":"ctrl2","virtual_ns":1000,"now_ns":2000,"wall":"2025-01-01T00:00:00.000000002Z","leader":"ctrl\"1","term":7})");
}

}  // namespace
}  // namespace clustersim::sim
