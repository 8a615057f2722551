#include "sim/cli/run_record.h"

#include <cstdio>

#include "sim/cli/summary.h"
#include "sim/oracle/checks.h"

namespace clustersim::sim {
namespace {

const char* kind_name(CheckKind kind) {
  switch (kind) {
    case CheckKind::correctness: return "correctness";
    case CheckKind::liveness: return "liveness";
    case CheckKind::expectation: return "expectation";
  }
  return "correctness";
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string node_name(const RunRecord& record, model::NodeIndex node) {
  return node == model::no_node ? std::string("run") : record.node_ids.at(node);
}

// "ctrl2 at 12.5s: the message"
std::string failure_line(const RunRecord& record, const CheckFailure& failure) {
  return node_name(record, failure.node) + " at " + format_time(failure.at) + ": " + failure.message;
}

}  // namespace

const char* verdict_name(int exit_code) {
  switch (exit_code) {
    case 0: return "pass";
    case 2: return "bad_input";
    case 3: return "liveness_failed";
    case 130: return "interrupted";
    default: return "failed";
  }
}

int worse_exit_code(int a, int b) {
  const auto rank = [](int code) { return code == 2 ? 3 : code == 1 ? 2 : code == 3 ? 1 : 0; };
  return rank(b) > rank(a) ? b : a;
}

RunRecord make_run_record(const RunResult& run, const OracleReport& report) {
  RunRecord record;
  record.file = run.scenario.file;
  record.scenario = run.scenario.name;
  record.policy = model::policy_name(run.policy);
  record.seed = run.seed;
  record.node_ids = run.node_ids;
  record.simulated = run.scenario.duration;
  record.kernel_events = run.kernel_events;
  record.state_events = count_state_events(run.events);
  record.dedup_ratio = dedup_counts(run).ratio();
  record.trace_hash = run.trace_hash;
  record.report = report;
  record.row = format_row(run, report);
  record.reproduce = reproduce_command(run);
  return record;
}

nlohmann::json run_record_json(const RunRecord& record) {
  nlohmann::json checks = nlohmann::json::array();
  for (const CheckResult& check : record.report.checks) {
    nlohmann::json failures = nlohmann::json::array();
    for (const CheckFailure& failure : check.failures) {
      failures.push_back({{"node", node_name(record, failure.node)},
                          {"at_seconds", seconds(failure.at.time_since_epoch())},
                          {"message", failure.message},
                          {"events", failure.events}});
    }
    checks.push_back({{"name", check.name},
                      {"kind", kind_name(check.kind)},
                      {"status", !check.applies ? "n/a" : check.passed() ? "pass" : "fail"},
                      {"note", check.note},
                      {"failures", std::move(failures)}});
  }
  nlohmann::json json = {{"scenario_file", record.file},
                         {"scenario", record.scenario},
                         {"policy", record.policy},
                         {"seed", record.seed},
                         {"nodes", record.node_ids.size()},
                         {"simulated_seconds", seconds(record.simulated)},
                         {"kernel_events", record.kernel_events},
                         {"state_events", record.state_events},
                         {"dedup_ratio", record.dedup_ratio},
                         {"trace_hash", hex(record.trace_hash)},
                         {"verdict", verdict_name(record.exit_code())},
                         {"exit_code", record.exit_code()},
                         {"reproduce", record.reproduce},
                         {"checks", std::move(checks)}};
  if (record.wall_seconds) json["wall_seconds"] = *record.wall_seconds;
  if (!record.store.empty()) json["store"] = record.store;
  return json;
}

nlohmann::json run_records_json(const std::vector<RunRecord>& records, int exit_code, bool complete) {
  std::size_t passed = 0, failed = 0, liveness = 0;
  nlohmann::json runs = nlohmann::json::array();
  for (const RunRecord& record : records) {
    const int code = record.exit_code();
    passed += code == 0 ? 1u : 0u;
    failed += code == 1 ? 1u : 0u;
    liveness += code == 3 ? 1u : 0u;
    runs.push_back(run_record_json(record));
  }
  return {{"command", "run"},
          {"verdict", verdict_name(exit_code)},
          {"exit_code", exit_code},
          {"complete", complete},
          {"counts", {{"runs", records.size()}, {"passed", passed}, {"failed", failed}, {"liveness_failed", liveness}}},
          {"runs", std::move(runs)}};
}

JunitSuite run_record_junit(const RunRecord& record) {
  JunitSuite suite;
  const std::string classname = record.scenario + "." + record.policy;
  suite.name = classname + " seed " + std::to_string(record.seed);
  suite.seconds = record.wall_seconds;
  for (const CheckResult& check : record.report.checks) {
    JunitCase test{classname, check.name, std::nullopt, std::nullopt, std::nullopt};
    if (!check.applies) {
      test.skipped = "does not apply to this run" + (check.note.empty() ? std::string() : ": " + check.note);
    } else if (!check.passed()) {
      JunitFailure failure;
      failure.type = kind_name(check.kind);
      failure.message = failure_line(record, check.failures.front());
      if (check.failures.size() > 1) failure.message += " (and " + std::to_string(check.failures.size() - 1) + " more)";
      for (const CheckFailure& each : check.failures) {
        failure.text += failure_line(record, each) + "\n";
        for (const std::string& event : each.events) failure.text += "  " + event + "\n";
      }
      failure.text += "reproduce: " + record.reproduce + "\n";
      test.failure = std::move(failure);
    }
    suite.cases.push_back(std::move(test));
  }
  return suite;
}

}  // namespace clustersim::sim
