// Timelines: a run drawn so that a person can see it, and see why a check failed. One lane per
// node over simulated time: its raft role (a leader's term written in its band, so two leaders
// of different terms are told apart), what its tracker reported (a colour per leader, another
// for leaderless), its events as marks; the faults as they happened when the run kept a full
// trace (run_journal.h: each partition side in its own colour, a one-way cut's senders and
// receivers, each flap's down phases), else as the scenario describes them; pauses and
// crashes; each failed check at its time; after a leader's crash, the time until every
// tracker named the new leader. Marks closer than a few pixels are drawn as one with a
// count, so runs of seconds and of hours both stay readable. Every mark has hover details.
// `clustersim run ... --timeline OUT.svg|OUT.html` writes one (and --store keeps one).
#pragma once

#include <string>

#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// `report`, if given, marks each failed check's first failure.
std::string timeline_svg(const RunResult& run, const OracleReport* report = nullptr);

// A self-contained page: the SVG, its styles and a small script for tooltips, a node filter and
// a zoom (timeline_picture.h). When the script has run it sets data-status="ok" and
// data-lanes="<lanes>" on <body> (a browser test reads them); a script error sets
// data-status="error".
std::string timeline_html(const RunResult& run, const OracleReport* report = nullptr);

}  // namespace clustersim::sim
