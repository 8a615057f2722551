// Timelines: a run drawn so that a person can see it. One lane per node over simulated
// time: its raft role, what its tracker reported (a colour per leader, another for
// leaderless), its events as marks, partitions and flaps as shaded bands, crashes and
// pauses. Marks closer than a few pixels are drawn as one with a count, so runs of seconds
// and of hours both stay readable. Every mark has hover details (SVG <title>; the HTML page
// adds a tooltip). `clustersim run ... --timeline OUT.svg|OUT.html` writes one.
#pragma once

#include <string>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

std::string timeline_svg(const RunResult& run);

// A self-contained page: the SVG, its styles and a small script for tooltips. When the script
// has run it sets data-status="ok" and data-lanes="<lanes>" on <body> (a browser test reads
// them); a script error sets data-status="error".
std::string timeline_html(const RunResult& run);

}  // namespace clustersim::sim
