// `check --junit`: a log check as JUnit XML for CI. One test case per rule (logcheck's
// rule_names, and any other a check reported), failed when the log broke it, with the count
// and the violations kept for the report, each at its file and line.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/cli/junit.h"

namespace clustersim::sim {

// `report`: the check's JSON report (logcheck::CheckOutcome::json).
JunitSuite check_junit(const nlohmann::ordered_json& report);

}  // namespace clustersim::sim
