// What a timeline draws, whatever it shows: a simulated run or a real controller's log. One
// lane per controller with two rows of bands (top: the raft role when it is known; middle:
// what its tracker reported) and a row of event marks; bands over lanes for faults (cuts over
// all lanes, flaps and pauses on theirs) and for the periods a log's analysis found. Times
// are nanoseconds since the picture's start; the axis says them as `axis_label` writes them.
// One renderer (timeline_svg / timeline_html of a picture) draws both kinds alike.
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
  std::function<std::string(std::int64_t)> axis_label;  // a tick's text at that time
  std::vector<PictureBand> over_all_lanes;  // network cuts
  std::vector<PictureLane> lanes;
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

}  // namespace clustersim::sim
