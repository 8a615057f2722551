// What a timeline draws, whatever it shows: a simulated run or a real controller's log. One
// lane per controller with two rows of bands (top: the raft role when it is known; middle:
// what its tracker reported) and a row of event marks; bands behind lanes for faults (each
// partition side in its own colour, a one-way cut's senders and receivers, each flap's down
// phases, pauses) and for the periods a log's analysis found; moments across every lane (a
// failed check, a crash) and spans above them (a crash until every tracker converged). Times
// are nanoseconds since the picture's start; the axis has round ticks in one unit, or says
// them as `axis_label` writes them. Title, legend and axis come first, so they are in view at
// any number of lanes (the page keeps them on screen while scrolling); many lanes are drawn
// thinner. One renderer (timeline_svg / timeline_html of a picture) draws both kinds alike;
// the page adds a node filter and a zoom to a time window.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clustersim::sim {

struct PictureBand {
  std::int64_t from_ns = 0, until_ns = 0;
  std::string fill;   // a colour or a pattern url(#...)
  std::string title;  // hover text
  std::string kind;   // its data-kind in the drawing ("flap-down", "partition-side", ...), if any
  std::string label;  // drawn inside it where it fits (a leader's term: "t3")
};

// An instant across every lane (a failed check, a crash), its label above the lanes.
struct PictureMoment {
  std::int64_t at_ns = 0;
  std::string colour;
  std::string label;
  std::string title;
  std::string kind;
};

struct PictureMark {
  std::int64_t at_ns = 0;
  std::string title;   // hover text (for merged marks, of the first few)
  std::uint64_t count = 1;  // how many events it stands for
};

struct PictureLane {
  std::string id;
  std::vector<PictureBand> roles;    // top row
  std::vector<PictureBand> reports;  // middle row
  std::vector<PictureBand> overlays; // over both rows: pauses, read-only periods
  std::vector<PictureBand> shading;  // behind the lane: flaps, leaderless periods
  std::vector<PictureMark> marks;    // bottom row, in time order
};

struct TimelinePicture {
  std::string title;
  std::int64_t span_ns = 1;
  // A tick's text at that time; unset: round ticks in one unit (ms, s or min by the span).
  std::function<std::string(std::int64_t)> axis_label;
  std::vector<PictureBand> over_all_lanes;  // network cuts
  std::vector<PictureLane> lanes;
  std::vector<PictureMoment> moments;
  std::vector<PictureBand> spans;  // above the lanes, with their label: "crash: converged in 5.1s"
  std::vector<std::pair<std::string, std::string>> legend;  // fill, label
};

// A timeline file is an SVG picture or an HTML page, by its name's ending; nothing for any
// other name (the commands refuse it before they run).
enum class TimelineFile { svg, html };
std::optional<TimelineFile> timeline_file(std::string_view path);

std::string timeline_svg(const TimelinePicture& picture);
// A self-contained page: the SVG, its styles and a small script for tooltips. When the script
// has run it sets data-status="ok" and data-lanes="<lanes>" on <body> (a browser test reads
// them); a script error sets data-status="error".
std::string timeline_html(const TimelinePicture& picture);

// The fill of a tracker's report: a colour per leader (in order of first appearance, kept in
// `colours`), another for "no leader".
inline constexpr const char* leaderless_colour = "#e45756";
std::string leader_colour(const std::string& leader, std::vector<std::pair<std::string, std::string>>& colours);

// Round ticks over [0, span], at most 12: a step of 1, 2 or 5 times a power of ten up to 10 s,
// then 15 s, 30 s and whole minutes and hours; each labelled in the one unit the step calls
// for ("0s 5s 10s", "0.0s 0.2s", "0min 5min").
struct AxisTick {
  std::int64_t at_ns;
  std::string label;
};
std::vector<AxisTick> round_ticks(std::int64_t span_ns);

}  // namespace clustersim::sim
