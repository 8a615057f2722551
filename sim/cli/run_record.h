// What one run of one scenario under one policy came to, in the forms programs read: the
// record a folder run keeps per run (small: the RunResult is dropped once its files are
// written), its JSON (`run --json`) and its JUnit test cases (`run --junit`, one per check).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/junit.h"
#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

struct RunRecord {
  std::string file;      // the scenario file as it was named
  std::string scenario;  // its name
  std::string policy;
  std::uint64_t seed = 0;
  std::vector<std::string> node_ids;
  Duration simulated{0};
  std::uint64_t kernel_events = 0;
  std::size_t state_events = 0;
  double dedup_ratio = 1;
  std::uint64_t trace_hash = 0;
  OracleReport report;
  std::string row;        // format_row: the line of the people's table
  std::string reproduce;  // the command that runs it again
  std::optional<double> wall_seconds;  // only with --wall-times
  std::string store;                   // its --store folder, if any

  int exit_code() const { return report.exit_code(); }
};

RunRecord make_run_record(const RunResult& run, const OracleReport& report);

// "pass", "failed" or "liveness_failed" for exit codes 0, 1 and 3; "bad_input" for 2,
// "interrupted" for 130: the same word in every command's JSON.
const char* verdict_name(int exit_code);
// Of two exit codes the one that says most is wrong: bad input, then a failed check, then
// liveness only, then all held (an interrupt is the caller's to report).
int worse_exit_code(int a, int b);

// The run with every check: status "pass", "fail" or "n/a", its note, every failure (node,
// time in seconds, message, the events involved).
nlohmann::json run_record_json(const RunRecord& record);
// The JSON document of `clustersim run`: the verdict, counts and every run; "complete" false
// when an interrupt left some runs unrun.
nlohmann::json run_records_json(const std::vector<RunRecord>& records, int exit_code, bool complete = true);

// One suite per run ("leader_crash.stable seed 1"), one case per check: a check that does not
// apply is skipped, a failed one carries its failures and the reproduce command.
JunitSuite run_record_junit(const RunRecord& record);

}  // namespace clustersim::sim
