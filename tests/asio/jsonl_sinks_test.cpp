// JSONL sinks: whole lines, appended, readable back; a clear error for an unusable path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/events/event_json.h"
#include "model/events/jsonl_sinks.h"

namespace clustersim::model {
namespace {

ClusterEvent event_with(ClusterEventType type, std::string leader) {
  ClusterEvent event;
  event.type = type;
  event.source_id = "ctrl1";
  event.timestamp = Timestamp{1'736'535'288'151'522'421, -300};
  event.leader_id = std::move(leader);
  return event;
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(JsonlFileSink, appends_whole_lines_that_read_back) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("clustersim_sink_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    JsonlFileSink sink(path.string());
    sink.accept(event_with(ClusterEventType::state_has_leader, "ctrl2"));
  }
  {
    JsonlFileSink again(path.string());  // a restarted controller appends
    again.accept(event_with(ClusterEventType::state_is_leaderless, ""));
    // Flushed per event: visible before the sink is closed.
    EXPECT_EQ(lines_of(path).size(), 2u);
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 2u);
  const EventParseResult first = parse_event_json(lines[0]);
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.event->leader_id, "ctrl2");
  EXPECT_TRUE(parse_event_json(lines[1]).ok());
  std::filesystem::remove(path);
}

TEST(JsonlFileSink, names_the_path_and_reason_when_it_cannot_open) {
  try {
    JsonlFileSink sink("/nonexistent-dir/events.jsonl");
    FAIL() << "opened a file in a directory that does not exist";
  } catch (const SinkError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("/nonexistent-dir/events.jsonl"), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
  }
}

TEST(JsonlStreamSink, writes_one_line_per_event) {
  std::ostringstream out;
  JsonlStreamSink sink(out);
  sink.accept(event_with(ClusterEventType::state_has_leader, "ctrl2"));
  sink.accept(event_with(ClusterEventType::state_is_leaderless, ""));
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ(text.substr(0, text.find('\n')), event_to_json(event_with(ClusterEventType::state_has_leader, "ctrl2")));
}

}  // namespace
}  // namespace clustersim::model
