// How well `clustersim check` infers the cause of each leaderless period from a log alone
// (sim/logcheck/leaderless_causes.h), measured where the true cause is known: every scenario is
// run, its event log checked as an operator's would be, and each leaderless period the check
// finds is set against the scenario's last fault before the period began (within the causes'
// evidence span). A fault kind is matched by the causes that name it: a crashed leader by
// leader_down, a restarted controller by node_restarted, a network fault (partition, isolate,
// one-way cut, flap, slow link) by leader_isolated, cut_from_leader or node_isolated, the end
// of all faults (stop_faults, which restarts crashed controllers) by node_restarted, a
// transfer by leader_stepped_down, a membership change by membership_change (or, for the
// leader's removal, leader_stepped_down), an upgrade by node_restarted or read_only; a period
// with no fault before it by log_start at the start and unknown otherwise.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/logcheck/leaderless_causes.h"
#include "sim/scenario/scenario.h"

namespace clustersim::sim {

struct CauseTally {
  std::uint64_t periods = 0, named = 0;                 // named: the inferred cause matches the truth
  std::map<std::string, std::uint64_t> inferred;        // each cause inferred, how often
  std::vector<std::string> examples_missed;             // a few "scenario: controller at T: inferred X"
};

struct CauseAccuracy {
  std::map<std::string, CauseTally> by_truth;  // by the true cause: a fault kind, "start" or "none"
  std::uint64_t scenarios = 0, periods = 0, named = 0;
};

// Runs each scenario (its own seed and policy) and tallies its leaderless periods.
CauseAccuracy measure_cause_accuracy(const std::vector<Scenario>& scenarios);

// The experiment page (Markdown): the table and where inference cannot tell.
std::string cause_accuracy_page(const CauseAccuracy& accuracy, const std::string& command);

}  // namespace clustersim::sim
