// The full trace: beside the events, every scripted action, role and term change, tracker
// input, flap phase, dropped message and election decision (and at the messages level every
// message and timer), in time order; `replay` verifies every line; `run --verbose` prints the
// same records for people.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "sim/cli/commands.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(FullTrace, records_what_happened_in_time_order_and_replays_identically) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("node_flap_leader.json"), "--quiet", "--trace", scratch.path("t.jsonl")}).code, 0);
  const std::vector<nlohmann::json> lines = lines_of(scratch.read("t.jsonl"));
  ASSERT_GT(lines.size(), 2u);
  EXPECT_EQ(lines.front()["trace_level"], "decisions");
  std::set<std::string> types;
  std::int64_t previous = INT64_MIN;
  bool leader_seen = false, flap_down = false, flap_up = false, dropped_by_link = false;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const auto& line = lines[i];
    types.insert(line["type"].get<std::string>());
    const auto at = line["at_ns"].get<std::int64_t>();
    EXPECT_GE(at, previous) << line.dump();  // in time order
    previous = at;
    if (line["type"] == "role" && line["role"] == "Leader") leader_seen = line.contains("term") && line["leader"] == line["node"];
    if (line["type"] == "flap") (line["down"].get<bool>() ? flap_down : flap_up) = !line["links"].empty();
    if (line["type"] == "drop") dropped_by_link = dropped_by_link || has(line["message"].get<std::string>(), "(link_down");
  }
  for (const char* type : {"action", "role", "input", "decision", "drop", "flap", "event"}) {
    EXPECT_TRUE(types.count(type)) << "no " << type << " record";
  }
  EXPECT_FALSE(types.count("send") || types.count("timer"));  // only at the messages level
  EXPECT_TRUE(leader_seen);
  EXPECT_TRUE(flap_down && flap_up) << "a flap's down and up phases, with their links";
  EXPECT_TRUE(dropped_by_link) << "messages lost to the flapping links, with their cause";
  EXPECT_EQ(lines.back()["records"], lines.size() - 2);
  const Result replay = call(replay_command, {scratch.path("t.jsonl")});
  EXPECT_EQ(replay.code, 0) << replay.out << replay.err;
  EXPECT_TRUE(has(replay.out, "IDENTICAL: ")) << replay.out;
  EXPECT_TRUE(has(replay.out, " records, trace hash")) << replay.out;
  // A decision changed is a difference, named by its line.
  std::string text = scratch.read("t.jsonl");
  const auto decision = text.find("\"type\":\"decision\"");
  const auto words = text.find("\"text\":\"", decision) + 8;
  text.insert(words, "not ");
  scratch.write("tampered.jsonl", text);
  const Result differs = call(replay_command, {scratch.path("tampered.jsonl")});
  EXPECT_EQ(differs.code, 1);
  EXPECT_TRUE(has(differs.out, "DIFFERENT: first difference at line ")) << differs.out;
}

TEST(FullTrace, the_messages_level_adds_every_message_and_timer_and_the_events_level_is_events_alone) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("leader_crash.json"), "--quiet", "--trace", scratch.path("m.jsonl"), "--trace-level",
                               "messages"}).code, 0);
  const std::string messages = scratch.read("m.jsonl");
  EXPECT_TRUE(has(messages, "\"type\":\"send\",\"at_ns\":")) << messages.substr(0, 500);
  EXPECT_TRUE(has(messages, "\"type\":\"deliver\",\"at_ns\":"));
  EXPECT_TRUE(has(messages, "\"message\":\"AppendEntries term 1 heartbeat"));
  EXPECT_TRUE(has(messages, "\"type\":\"timer\",\"at_ns\":"));
  EXPECT_TRUE(has(messages, "\"timer\":\"election\""));
  EXPECT_EQ(call(replay_command, {scratch.path("m.jsonl")}).code, 0);
  ASSERT_EQ(call(run_command, {scenario("leader_crash.json"), "--quiet", "--trace", scratch.path("e.jsonl"), "--trace-level",
                               "events"}).code, 0);
  const std::vector<nlohmann::json> events = lines_of(scratch.read("e.jsonl"));
  EXPECT_FALSE(events.front().contains("trace_level"));  // a trace of events is as traces always were
  for (std::size_t i = 1; i + 1 < events.size(); ++i) EXPECT_EQ(events[i]["type"], "event");
  EXPECT_FALSE(events.back().contains("records"));
  EXPECT_EQ(call(replay_command, {scratch.path("e.jsonl")}).code, 0);
  // A full trace's record in a trace of events alone is not a trace this program wrote.
  std::string mixed = scratch.read("e.jsonl");
  mixed.insert(mixed.find('\n') + 1, "{\"type\":\"decision\",\"at_ns\":5,\"node\":\"ctrl1\",\"text\":\"x\"}\n");
  scratch.write("mixed.jsonl", mixed);
  const Result refused = call(replay_command, {scratch.path("mixed.jsonl")});
  EXPECT_EQ(refused.code, 2);
  EXPECT_TRUE(has(refused.err, "mixed.jsonl:2: a \"decision\" record in a trace of events only")) << refused.err;
  const Result level = call(run_command, {scenario("leader_crash.json"), "--trace-level", "all"});
  EXPECT_EQ(level.code, 2);
  EXPECT_TRUE(has(level.err, "--trace-level must be events, decisions or messages, got \"all\"")) << level.err;
  EXPECT_EQ(call(run_command, {scenario("leader_crash.json"), "--trace-level", "messages"}).code, 2);
}

TEST(FullTrace, verbose_prints_the_run_as_it_happened_before_the_summary) {
  const Result r = call(run_command, {scenario("leader_crash.json"), "--verbose"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto summary = r.out.find("scenario leader_crash:");
  ASSERT_NE(summary, std::string::npos);
  const std::string log = r.out.substr(0, summary);
  EXPECT_TRUE(has(log, " starts an election in term 1")) << log.substr(0, 2000);
  EXPECT_TRUE(has(log, "is Leader in term 1, leader ")) << log.substr(0, 2000);
  EXPECT_TRUE(has(log, "         20s  action  crash ")) << log;
  EXPECT_TRUE(has(log, "tracker input: observation leader ")) << log.substr(0, 2000);
  EXPECT_TRUE(has(log, "event {\"namespace\":\"cluster\"")) << log.substr(0, 2000);
  // Verbose or not, the run is the same run.
  const Result plain = call(run_command, {scenario("leader_crash.json")});
  EXPECT_EQ(r.out.substr(summary), plain.out);
}

}  // namespace
}  // namespace clustersim::sim
