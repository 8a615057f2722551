// Reading real controllers' event lines: both shipped key orders, extra peer keys, and a
// precise error for everything else.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/events/event_json.h"

namespace clustersim::model {
namespace {

constexpr const char* v14_line =
    R"({"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.151522421-05:00","eventType":"state.has_leader","leaderId":"ctrl1"})";

TEST(EventReader, reads_the_v1_4_key_order) {
  const EventParseResult parsed = parse_event_json(v14_line);
  ASSERT_TRUE(parsed.ok()) << parsed.key << ": " << parsed.error;
  EXPECT_EQ(parsed.event->type, ClusterEventType::state_has_leader);
  EXPECT_EQ(parsed.event->source_id, "ctrl2");
  EXPECT_EQ(parsed.event->leader_id, "ctrl1");
  EXPECT_EQ(parsed.event->timestamp.utc_offset_minutes, -300);
}

TEST(EventReader, reads_the_v1_3_key_order) {
  const EventParseResult parsed = parse_event_json(
      R"({"namespace":"cluster","eventType":"state.is_leaderless","event_src_id":"ctrl3","timestamp":"2024-11-02T10:00:00.5Z"})");
  ASSERT_TRUE(parsed.ok()) << parsed.key << ": " << parsed.error;
  EXPECT_EQ(parsed.event->type, ClusterEventType::state_is_leaderless);
  EXPECT_EQ(parsed.event->source_id, "ctrl3");
}

TEST(EventReader, accepts_extra_keys_in_peers_entries_of_any_shape) {
  const EventParseResult parsed = parse_event_json(
      R"({"namespace":"cluster","event_src_id":"ctrl1","timestamp":"2025-01-10T13:54:48Z","eventType":"leadership.gained",)"
      R"("peers":[{"id":"ctrl1","addr":"tls:a:1","version":"v1.4.0","apiAddresses":{"edge-client":[{"url":"https://a","version":"v1"}]},"isPreferredLeader":true},)"
      R"({"id":"ctrl2","addr":"tls:b:1","apiAddresses":null}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.key << ": " << parsed.error;
  ASSERT_EQ(parsed.event->peers.size(), 2u);
  EXPECT_EQ(parsed.event->peers[0], (ClusterPeer{"ctrl1", "tls:a:1", "v1.4.0", {}}));  // addresses skipped
  EXPECT_EQ(parsed.event->peers[1].id, "ctrl2");
}

TEST(EventReader, accepts_a_byte_order_mark_and_spaces_around_a_line_and_says_what_else_it_saw) {
  const std::string event = R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z","eventType":"state.ro"})";
  EXPECT_TRUE(parse_event_json("\xEF\xBB\xBF" + event).ok());
  EXPECT_TRUE(parse_event_json("  " + event + " \r").ok());
  EXPECT_EQ(parse_event_json("  ").error, "an empty line, not a JSON object");
  EXPECT_EQ(parse_event_json("x" + event).error, "not a JSON object (it starts with 'x')");
}

// Lines at the edges of the fast reader's common form: each read alike by both readers.
TEST(EventReader, the_fast_reader_and_the_general_reader_agree_at_the_edges_of_the_common_form) {
  const std::string head = R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z",)";
  const std::vector<std::string> lines{
      head + R"("eventType":"state.has_leader","leaderId":"c\u0032"})",            // an escape
      head + R"("eventType":"state.has_leader","leaderId":"cé"})",              // not ASCII
      head + R"("eventType":"members.changed","index":18446744073709551615,"peers":[{"id":"a"}]})",
      head + R"("eventType":"members.changed","index":0,"peers":[{"id":"a"}]})",
      head + R"("eventType":"members.changed","index":1.5,"peers":[{"id":"a"}]})",
      head + R"("eventType":"members.changed","index":012,"peers":[{"id":"a"}]})",
      head + R"("eventType":"peer.connected","peers":[{"id":"a","x":[1,-2,3.5e1,"y",{"z":null}]}]})",
      head + R"("eventType":"peer.connected","peers":[{"id":"a","id":"b"}]})",
      head + R"("eventType":"peer.connected","peers":[{"addr":"a"}]})",
      head + R"("eventType":"peer.connected","peers":[{"id":""}]})",
      head + R"("eventType":"peer.connected","peers":[]})",
      head + R"("eventType":"state.ro","eventType":"state.rw"})",
      head + R"("eventType":"state.ro"} )",
      head + R"("eventType":"state.ro"}x)",
      head + R"( "eventType" : "state.ro" , "leaderId":"c2"})",
      R"({"namespace":"clustr","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z","eventType":"state.ro"})",
      R"({"namespace":"circuit","event_src_id":"c1","circuit_id":"x","path":{"nodes":["r1"]},"cost":1.5})",
      R"({"namespace":"circuit","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z","eventType":"created"})",
      R"({"namespace":"circuit" , "x" )",
      R"({"namespace":"c\u0069rcuit","x":1})",
      R"({"event_src_id":"c1","namespace":"circuit"})",
      R"({"eventType":"state.ro","event_src_id":"c1","namespace":"cluster","timestamp":"2025-01-10T13:54:48Z"})",
      R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T25:54:48Z","eventType":"state.ro"})",
      R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z","eventType":"state.rx"})",
      R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z"})",
      R"({})",
  };
  for (const std::string& line : lines) {
    for (bool any_order : {false, true}) {
      const EventParseResult fast = parse_event_json(line, {.any_key_order = any_order});
      const EventParseResult general = parse_event_json(line, {.any_key_order = any_order, .general_reader_only = true});
      EXPECT_EQ(fast.ok(), general.ok()) << line;
      EXPECT_EQ(fast.key + ": " + fast.error, general.key + ": " + general.error) << line;
      EXPECT_EQ(fast.openziti_key_order, general.openziti_key_order) << line;
      EXPECT_EQ(fast.other_namespace, general.other_namespace) << line;
      if (fast.ok() && general.ok()) {
        EXPECT_EQ(*fast.event, *general.event) << line;
      }
    }
  }
}

struct BadLine {
  const char* line;
  const char* key;
  const char* fragment;
};

class EventReaderRejects : public ::testing::TestWithParam<BadLine> {};

TEST_P(EventReaderRejects, naming_the_key_and_the_problem) {
  const BadLine& bad = GetParam();
  const EventParseResult parsed = parse_event_json(bad.line);
  ASSERT_FALSE(parsed.ok()) << bad.line;
  EXPECT_EQ(parsed.key, bad.key) << parsed.error;
  EXPECT_NE(parsed.error.find(bad.fragment), std::string::npos) << parsed.error;
}

#define HEAD R"("namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z",)"

INSTANTIATE_TEST_SUITE_P(
    EventReader, EventReaderRejects,
    ::testing::Values(
        BadLine{R"({"namespace":"cluster","event_src_id":"c1")", "", "not valid JSON"},
        BadLine{"[1,2]", "", "not a JSON object"},
        BadLine{R"({"namespace":"fabric.cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z","eventType":"state.ro"})",
                "namespace", "must be \"cluster\""},
        BadLine{"{" HEAD R"("eventType":"state.maybe"})", "eventType", "unknown event type"},
        BadLine{R"({"namespace":"cluster","event_src_id":"c1","timestamp":"yesterday","eventType":"state.ro"})",
                "timestamp", "not an RFC 3339 timestamp"},
        BadLine{"{" HEAD R"("eventType":"state.ro","colour":"red"})", "colour", "unknown key"},
        BadLine{R"({"namespace":"cluster","event_src_id":"c1","eventType":"state.ro"})", "eventType",
                "out of order"},
        BadLine{R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2025-01-10T13:54:48Z"})",
                "eventType", "missing"},
        BadLine{"{" HEAD R"("eventType":"state.has_leader"})", "leaderId", "must name the leader"},
        BadLine{"{" HEAD R"("eventType":"state.is_leaderless","leaderId":"c2"})", "leaderId",
                "must not name a leader"},
        BadLine{"{" HEAD R"("eventType":"state.ro","index":3})", "index", "only members.changed"},
        BadLine{"{" HEAD R"("eventType":"members.changed","index":-3})", "index", "negative"},
        BadLine{"{" HEAD R"("eventType":"members.changed","leaderId":"c1","peers":[]})", "peers",
                "out of order"},
        BadLine{"{" HEAD R"("eventType":"members.changed","peers":["c1"]})", "peers",
                "must be an object"},
        BadLine{"{" HEAD R"("eventType":"members.changed","peers":[{"addr":"x"}]})", "peers",
                "needs an \"id\""},
        BadLine{"{" HEAD R"("eventType":"members.changed","peers":[{"id":7}]})", "peers",
                "\"id\" must be a string"},
        BadLine{"{" HEAD R"("eventType":"state.ro","eventType":"state.rw"})", "eventType",
                "appears twice"},
        BadLine{R"({"namespace":"cluster","event_src_id":"","timestamp":"2025-01-10T13:54:48Z","eventType":"state.ro"})",
                "event_src_id", "must not be empty"},
        BadLine{R"({"namespace":"cluster","event_src_id":5,"timestamp":"2025-01-10T13:54:48Z","eventType":"state.ro"})",
                "event_src_id", "wrong type"}));

}  // namespace
}  // namespace clustersim::model
