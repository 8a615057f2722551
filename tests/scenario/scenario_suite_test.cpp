// Every scenario file in scenarios/ as its own test, under both tracker policies: it parses,
// every oracle and expectation holds, and two runs give one trace hash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(CLUSTERSIM_SCENARIO_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioSuite
    : public ::testing::TestWithParam<std::tuple<std::string, model::TrackerPolicy>> {};

TEST_P(ScenarioSuite, holds_every_check_and_is_deterministic) {
  const auto& [file, policy] = GetParam();
  const Scenario scenario = load_scenario(file);
  RunOptions options;
  options.policy = policy;
  const RunResult first = run_scenario(scenario, options);
  std::string golden;
  if (const std::string path = scenario.golden_path(policy); !path.empty()) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing golden file " << path << ": clustersim run " << file << " --rewrite";
    std::ostringstream text;
    text << in.rdbuf();
    golden = text.str();
  }
  const OracleReport report = check_run(first, golden.empty() ? nullptr : &golden);
  for (const CheckResult& check : report.checks) {
    for (const CheckFailure& failure : check.failures) {
      ADD_FAILURE() << check.name << " at " << format_time(failure.at) << ": " << failure.message;
    }
  }
  const RunResult second = run_scenario(scenario, options);
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_EQ(events_jsonl(first), events_jsonl(second));
}

std::string test_name(const ::testing::TestParamInfo<ScenarioSuite::ParamType>& info) {
  return std::filesystem::path(std::get<0>(info.param)).stem().string() + "_" +
         std::string(model::policy_name(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioSuite,
                         ::testing::Combine(::testing::ValuesIn(scenario_files()),
                                            ::testing::Values(model::TrackerPolicy::stable,
                                                              model::TrackerPolicy::openziti)),
                         test_name);

TEST(ScenarioSuite, has_at_least_fifteen_scenarios) { EXPECT_GE(scenario_files().size(), 15u); }

TEST(ScenarioSuite, another_seed_gives_another_run) {
  const Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/lossy_network.json");
  RunOptions other;
  other.seed = scenario.seed + 1;
  EXPECT_NE(run_scenario(scenario).trace_hash, run_scenario(scenario, other).trace_hash);
}

}  // namespace
}  // namespace clustersim::sim
