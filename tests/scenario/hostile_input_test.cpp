// Inputs a careless tool or a hostile user produces: each ends in a clear error naming the
// file, line or field, never in an abort, a wrapped number or memory without bound.
#include <gtest/gtest.h>

#include "model/events/timestamp.h"
#include "sim/cli/output_file.h"
#include "sim/cli/trace_file.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

// The message of the Error that `read` throws, or "(accepted)" if it throws none.
template <typename Error, typename Read>
std::string message_of(Read&& read) {
  try {
    read();
  } catch (const Error& error) {
    return error.what();
  }
  return "(accepted)";
}

std::string error_of(const std::string& text) {
  return message_of<ScenarioError>([&] { parse_scenario(text, "hostile.json"); });
}

std::string with(const std::string& extra, const std::string& timeline = "") {
  return "{\"name\": \"h\", \"purpose\": \"p.\", \"duration\": \"60s\", \"cluster\": {\"nodes\": 3},\n" + extra +
         "\"timeline\": [" + timeline + "]}";
}

TEST(HostileScenario, a_number_too_large_for_a_double_names_its_line) {
  EXPECT_EQ(error_of("{\"name\": \"h\",\n\"seed\": 1e400}"), "hostile.json:2: the number 1e400 does not fit a double");
  EXPECT_EQ(error_of(with("\"network\": {\"loss\": -1e999},\n")), "hostile.json:2: the number -1e999 does not fit a double");
}

TEST(HostileScenario, a_key_given_twice_is_refused_with_both_lines) {
  EXPECT_EQ(error_of("{\"name\": \"a\",\n\"purpose\": \"p.\",\n\"name\": \"b\"}"),
            "hostile.json:3: name: a key given twice in one object (first at line 1)");
  EXPECT_EQ(error_of(with("", "{\"at\": \"1s\", \"action\": \"heal\",\n\"at\": \"2s\"}")),
            "hostile.json:3: timeline[0].at: a key given twice in one object (first at line 2)");
}

TEST(HostileScenario, deep_nesting_is_refused_in_linear_time_and_bounded_memory) {
  // 200,000 levels: the line map of such a document once grew with the square of its depth.
  const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
  EXPECT_EQ(error_of(deep), "hostile.json:1: nested deeper than 64 levels");
  // Brackets inside strings are text, not nesting.
  EXPECT_EQ(error_of(with("", "{\"at\": \"1s\", \"action\": \"" + std::string(100, '[') + "\"}")).find("nested"),
            std::string::npos);
}

TEST(HostileScenario, a_nul_byte_is_named_as_one) {
  EXPECT_EQ(error_of(std::string("{\"name\": \"h\",\n\"purpose\": \"p\0\"}", 29)), "hostile.json:2: a NUL byte: this is not a JSON text");
}

TEST(HostileScenario, an_epoch_whose_run_ends_past_2262_is_refused_before_it_wraps) {
  EXPECT_EQ(error_of(with("\"epoch\": \"2262-04-11T23:47:00Z\",\n")),
            std::string("hostile.json:2: epoch: the run would end outside the instants a nanosecond timestamp can hold (") +
                model::timestamp_range + ")");
  EXPECT_EQ(error_of(with("\"epoch\": \"2262-04-11T23:00:00Z\",\n")).rfind("hostile.json", 0), std::string::npos)
      << "an hour before the end is fine for a 60 s run";
}

TEST(HostileScenario, huge_durations_inside_the_timeline_do_not_overflow) {
  // 2,500,000 h is about 285 years: parseable, but no arithmetic with it may wrap.
  EXPECT_EQ(error_of(with("", "{\"at\": \"10s\", \"action\": \"stop_faults\", \"liveness_bound\": \"2500000h\"}")),
            "hostile.json:2: timeline[0].liveness_bound: the liveness phase ends after the run does");
  EXPECT_EQ(error_of(with("", "{\"at\": \"10s\", \"action\": \"crash\", \"node\": \"ctrl1\", \"random_delay\": \"2500000h\"}")),
            "hostile.json:2: timeline[0].random_delay: reaches past the end of the run");
}

TEST(HostileScenario, node_ids_keep_to_characters_every_output_can_carry) {
  const auto nodes = [](const std::string& list) {
    return error_of("{\"name\": \"h\", \"purpose\": \"p.\", \"duration\": \"60s\",\n\"cluster\": {\"nodes\": [" + list +
                    "]}, \"timeline\": []}");
  };
  EXPECT_EQ(nodes(R"("a", "leader")"), "hostile.json:2: cluster.nodes[1]: \"leader\" is the timeline's name for a node "
                                       "by its role; call the node otherwise");
  EXPECT_EQ(nodes(R"("follower", "b")"), "hostile.json:2: cluster.nodes[0]: \"follower\" is the timeline's name for a "
                                         "node by its role; call the node otherwise");
  EXPECT_EQ(nodes(R"("a\"b")"), "hostile.json:2: cluster.nodes[0]: an id is letters, digits and . _ - : only (got \"a\"b\")");
  EXPECT_EQ(nodes(R"("a\nb")"), "hostile.json:2: cluster.nodes[0]: an id is letters, digits and . _ - : only (got \"a\nb\")");
  EXPECT_EQ(nodes(R"("")"), "hostile.json:2: cluster.nodes[0]: an id has 1 to 64 characters");
  EXPECT_EQ(nodes("\"" + std::string(65, 'x') + "\""), "hostile.json:2: cluster.nodes[0]: an id has 1 to 64 characters");
  std::string many;
  for (int i = 0; i < 201; ++i) many += (i ? ",\"n" : "\"n") + std::to_string(i) + "\"";
  EXPECT_EQ(nodes(many), "hostile.json:2: cluster.nodes: at most 200 nodes (201 listed)");
  EXPECT_EQ(nodes(R"("ctrl-1.eu:a_b", "ctrl2", "ctrl3")").find("cluster"), std::string::npos);  // accepted further
}

TEST(ScenarioExpectations, the_per_node_final_form_the_format_documents_is_read) {
  const Scenario s = parse_scenario(with("\"expect\": {\"final\": {\"all\": \"has_leader\", \"ctrl2\": \"has_leader:ctrl1\", "
                                         "\"ctrl3\": \"is_leaderless\"}},\n"),
                                    "final.json");
  ASSERT_EQ(s.expect.final_states.size(), 3u);
  EXPECT_EQ(s.expect.final_states[1].node, "ctrl2");
  EXPECT_EQ(s.expect.final_states[1].leader, "ctrl1");
  EXPECT_FALSE(s.expect.final_states[2].has_leader);
  EXPECT_EQ(error_of(with("\"expect\": {\"final\": {\"ctrl9\": \"has_leader\"}},\n")),
            "hostile.json:2: expect.final.ctrl9: unknown node \"ctrl9\" (a member id or \"all\")");
}

TEST(ScenarioLimits, every_size_and_time_has_a_bound_checked_before_the_run) {
  const auto cluster = [](const std::string& keys) {
    return error_of("{\"name\": \"h\", \"purpose\": \"p.\", \"duration\": \"60s\",\n\"cluster\": {\"nodes\": 3" + keys +
                    "}, \"timeline\": []}");
  };
  EXPECT_EQ(cluster(", \"heartbeat_timeout\": \"2h\", \"election_timeout\": \"2h\""),
            "hostile.json:2: cluster: heartbeat_timeout must be at most 1h");
  EXPECT_EQ(error_of(with("\"network\": {\"latency\": {\"lognormal\": {\"median\": \"1ms\", \"sigma\": 1, \"cap\": \"61m\"}}},\n")),
            "hostile.json:2: network.latency: latency must be at most 1h");
  EXPECT_EQ(error_of(with("", "{\"at\": \"1s\", \"action\": \"flap_node\", \"node\": \"ctrl1\", \"period\": \"2ns\", "
                              "\"until\": \"10s\"}")),
            "hostile.json:2: timeline[0]: flap period must be at least 1ms");
  EXPECT_EQ(error_of("{\"name\": \"h\", \"purpose\": \"p.\",\n\"duration\": \"2562047h\"}"),
            "hostile.json:2: duration: must be at most 30 days (720h)");
  EXPECT_EQ(error_of(with("\"bounds\": {\"timeliness\": \"2500000h\"},\n")),
            "hostile.json:2: bounds.timeliness: must not be longer than the run");
}

TEST(ScenarioLimits, sizes_of_the_text_itself_are_bounded_and_named) {
  EXPECT_EQ(error_of(with("").replace(1, 0, "\"" + std::string(100, 'k') + "\": 1,\n")),
            "hostile.json:1: (top level): a key longer than 64 bytes (\"" + std::string(16, 'k') + "...\")");
  EXPECT_EQ(error_of("{\"name\": \"h\",\n\"purpose\": \"" + std::string(5000, 'p') + "\"}"),
            "hostile.json:2: purpose: a string longer than 4096 bytes");
  std::string many = "{\"name\": [";
  for (int i = 0; i < 200'001; ++i) many += i == 0 ? "1" : ",1";
  EXPECT_EQ(error_of(many + "]}"), "hostile.json:1: name[199998]: more than 200000 values in one text");
  EXPECT_EQ(error_of(std::string(5 << 20, ' ')), "hostile.json:1: larger than 4 MiB (5242880 bytes); no scenario needs that much");
  std::string actions;
  for (int i = 0; i < 10'001; ++i) actions += std::string(i == 0 ? "" : ",") + "{\"at\": \"1s\", \"action\": \"heal\"}";
  EXPECT_EQ(error_of(with("", actions)), "hostile.json:2: timeline: at most 10000 actions (10001 given)");
  EXPECT_EQ(error_of(with("", "{\"at\": \"0s\", \"action\": \"flap_node\", \"node\": \"ctrl1\", \"period\": \"1ms\", "
                              "\"until\": \"1001s\"}").replace(0, 0, "").replace(with("").find("60s"), 3, "2000s")),
            "hostile.json:2: timeline[0]: flap of 1001000 periods: at most 1000000 (a longer period, or a shorter flap)");
}

TEST(ScenarioLimits, a_golden_file_stays_inside_the_scenarios_folder) {
  for (const std::string bad : {"../x", "golden/../../x", "/tmp/x", ".hidden", "a//b", "a b", ""}) {
    EXPECT_NE(error_of(with("\"expect\": {\"golden\": \"" + bad + "\"},\n")).find("expect.golden: a path inside the scenario's folder"),
              std::string::npos) << bad;
  }
  EXPECT_EQ(error_of(with("\"expect\": {\"golden\": \"golden/leader_crash-2.x\"},\n")), "(accepted)");
}

TEST(ScenarioFile, a_folder_a_device_without_end_and_a_missing_file_are_refused) {
  const auto load_error = [](const std::string& path) {
    return message_of<ScenarioError>([&] { load_scenario(path); });
  };
  EXPECT_EQ(load_error("/tmp"), "/tmp: a folder, not a file");
  EXPECT_EQ(load_error("/dev/zero"), "/dev/zero: larger than 4194304 bytes, the most this reader takes");
  EXPECT_EQ(load_error("/no/such/file.json"), "/no/such/file.json: cannot read: No such file or directory");
}

TEST(HostileTimestamp, years_outside_the_nanosecond_range_are_refused_not_wrapped) {
  std::string why;
  EXPECT_FALSE(model::parse_timestamp("3000-01-01T00:00:00Z", why).has_value());
  EXPECT_NE(why.find("outside the instants"), std::string::npos) << why;
  EXPECT_FALSE(model::parse_timestamp("1500-01-01T00:00:00Z", why).has_value());
  EXPECT_FALSE(model::parse_timestamp("2262-04-11T23:47:17Z", why).has_value());
  const auto last = model::parse_timestamp("2262-04-11T23:47:16.854775807Z", why);
  ASSERT_TRUE(last.has_value()) << why;
  EXPECT_EQ(last->unix_ns, INT64_MAX);
  EXPECT_EQ(model::format_timestamp(*last), "2262-04-11T23:47:16.854775807Z");
  const auto first = model::parse_timestamp("1677-09-21T00:12:43.145224192Z", why);
  ASSERT_TRUE(first.has_value()) << why;
  EXPECT_EQ(first->unix_ns, INT64_MIN);
  // Representable in UTC, but not in a zone ahead of it: the local time would not fit.
  EXPECT_FALSE(model::representable(model::Timestamp{INT64_MAX, 60}));
}

std::string trace_error(const std::string& text) {
  return message_of<OutputError>([&] { parse_trace(text, "t.jsonl"); });
}

const std::string header =
    R"({"type":"header","scenario_file":"s.json","scenario":"{}","seed":1,"policy":"stable","build":"b"})";

TEST(HostileTrace, every_field_is_checked_for_its_type_before_it_is_read) {
  EXPECT_EQ(trace_error("[1,2]\n"), "t.jsonl:1: a trace line is a JSON object");
  EXPECT_EQ(trace_error(R"({"type":5})" "\n"), "t.jsonl:1: \"type\" must be a string");
  EXPECT_EQ(trace_error(R"({"type":"header","scenario_file":"s","scenario":"{}","seed":-1,"policy":"stable","build":"b"})" "\n"),
            "t.jsonl:1: \"seed\" must be a whole number, 0 or more");
  EXPECT_EQ(trace_error(R"({"type":"header","scenario_file":"s","scenario":"{}","seed":1e30,"policy":"stable","build":"b"})" "\n"),
            "t.jsonl:1: \"seed\" must be a whole number, 0 or more");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"event","at_ns":1.5e300,"node":"ctrl1","event":{}})" + "\n"),
            "t.jsonl:2: \"at_ns\" must be a whole number");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"event","at_ns":18446744073709551615,"node":"ctrl1","event":{}})" + "\n"),
            "t.jsonl:2: \"at_ns\" is past the last representable instant");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"event","at_ns":5,"node":7,"event":{}})" + "\n"),
            "t.jsonl:2: \"node\" must be a string");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"event","at_ns":5,"node":"a","event":[]})" + "\n"),
            "t.jsonl:2: \"event\" must be an object");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"footer","trace_hash":"-1"})" + "\n"),
            "t.jsonl:2: the trace hash is not 1 to 16 hexadecimal digits");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"footer","trace_hash":"12345678901234567"})" + "\n"),
            "t.jsonl:2: the trace hash is not 1 to 16 hexadecimal digits");
  EXPECT_EQ(trace_error(header + "\n" + R"({"type":"footer","trace_hash":"00ff"})" + "\n"), "(accepted)");
}

}  // namespace
}  // namespace clustersim::sim
