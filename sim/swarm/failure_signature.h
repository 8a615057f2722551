// A failure's signature: which checks failed and how, with what differs from seed to seed
// (node names, times, counts, terms) taken out, so that one bug found on many seeds comes out
// as one group with one reproducer (`clustersim swarm merge`).
//
// The signature is each failing check's name and its first failure's message, normalised:
// the run's node names become <node>, and every number (with a unit after it, as in "1.5s" or
// "200ms") becomes #. "dedup: 7 state events, more than the 4 allowed" on ctrl2 and "dedup:
// 9 state events, more than the 4 allowed" on ctrl5 are one signature.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/oracle/report.h"

namespace clustersim::sim {

// The message with the given node names and every number taken out, as above.
std::string normalise_failure(std::string_view message, const std::vector<std::string>& node_ids);

// "check: normalised message; other_check: ..." over the failing checks, in report order; ""
// when every check holds.
std::string failure_signature(const OracleReport& report, const std::vector<std::string>& node_ids);

// A short name for a signature (12 hex digits of its hash), for tables and file names.
std::string signature_id(std::string_view signature);

}  // namespace clustersim::sim
