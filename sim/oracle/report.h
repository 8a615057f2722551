// Oracle results: each check by its stable name, with every failure's node, virtual time and
// the events involved. check_run (checks.h) produces them; the CLI prints them.
#pragma once

#include <string>
#include <vector>

#include "model/raft/message.h"
#include "sim/core/time.h"

namespace clustersim::sim {

enum class CheckKind : std::uint8_t {
  correctness,  // a safety or correctness property: exit code 1
  liveness,     // exit code 3
  expectation,  // the scenario's own expectations: exit code 1
};

struct CheckFailure {
  model::NodeIndex node;  // model::no_node: the run as a whole
  Time at;
  std::string message;
  std::vector<std::string> events;  // the events involved, as JSON lines
};

struct CheckResult {
  explicit CheckResult(std::string check_name, CheckKind check_kind = CheckKind::correctness)
      : name(std::move(check_name)), kind(check_kind) {}

  std::string name;
  CheckKind kind;
  bool applies = true;  // false: not meaningful for this run (e.g. no liveness phase)
  std::string note;     // a figure worth showing even when it passes
  std::vector<CheckFailure> failures;

  bool passed() const { return failures.empty(); }
};

struct OracleReport {
  std::vector<CheckResult> checks;

  // 0 all hold; 1 a correctness check or an expectation failed; 3 only liveness failed.
  int exit_code() const {
    bool liveness_failed = false;
    for (const CheckResult& check : checks) {
      if (check.passed()) continue;
      if (check.kind != CheckKind::liveness) return 1;
      liveness_failed = true;
    }
    return liveness_failed ? 3 : 0;
  }
};

}  // namespace clustersim::sim
