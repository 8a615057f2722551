// `clustersim check`'s work on open streams: any number of logs (one per controller, or one
// of all of them), merged by timestamp through a reorder window, every line read once and
// forgotten, analysed (log_analysis.h), and reported: each violation as found, then the totals
// line, the summary, causes and what-ifs.
#pragma once

#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/logcheck/log_analysis.h"

namespace clustersim::sim::logcheck {

struct NamedLog {
  std::string name;  // for messages: the path, or "-"
  std::istream* in;
};

struct CheckOutcome {
  int exit_code = 0;  // 0 clean, 1 violations, 2 not an event log / unreadable
  nlohmann::ordered_json json;  // the report for programs (when exit_code != 2)
};

// `report`: violations as found, then the report for people. `err`: why the input is not an
// event log (exit code 2). `listener`, if any, follows the analysis (log_analysis.h).
// `wait_for_more`, if given, makes the check follow growing logs (`check --follow`): when every
// log has been read to its current end, the events waiting for reordering are analysed and it
// is called; it returns once there may be more to read (true) or when following should stop
// (false), and reading goes on or ends.
CheckOutcome check_logs(const std::vector<NamedLog>& logs, const CheckOptions& options, std::ostream& report,
                        std::ostream& err, LogListener* listener = nullptr,
                        const std::function<bool()>& wait_for_more = {});

}  // namespace clustersim::sim::logcheck
