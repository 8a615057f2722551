#include "sim/timeline/log_timeline.h"

#include <algorithm>
#include <cstdint>

#include "sim/core/time.h"

namespace clustersim::sim {

using logcheck::wall_time;
using Type = model::ClusterEventType;

namespace {

constexpr const char* leader_fill = "#2f6f3e";
constexpr const char* mixed_fill = "#9e9e9e";
constexpr const char* period_fill = "rgba(228,87,86,0.15)";
constexpr std::size_t title_lines = 6;

std::string ms(std::int64_t ns) { return format_milliseconds(std::chrono::nanoseconds(ns)); }

// "HH:MM:SS" of a wall-clock instant, or with the date when the log spans days.
std::string clock_label(std::int64_t unix_ns, bool with_date) {
  const std::string full = wall_time(unix_ns);  // 2025-01-10T13:54:48.151Z
  return with_date ? full.substr(5, 11) : full.substr(11, 8);
}

}  // namespace

LogTimeline::LogTimeline(std::string title, std::size_t most) : title_(std::move(title)), most_(std::max<std::size_t>(most, 2)) {}

LogTimeline::Lane& LogTimeline::lane(logcheck::Id id, const logcheck::IdTable& ids) {
  if (lane_of_.size() <= id) lane_of_.resize(id + 1, SIZE_MAX);
  if (lane_of_[id] == SIZE_MAX) {
    lane_of_[id] = lanes_.size();
    lanes_.push_back(Lane{});
    lanes_.back().id = ids.name(id);
  }
  return lanes_[lane_of_[id]];
}

void LogTimeline::close(std::optional<PictureBand>& band, std::vector<PictureBand>& into, std::int64_t at_ns) {
  if (!band) return;
  band->until_ns = at_ns;
  band->title += " to " + wall_time(at_ns) + " (" + ms(logcheck::elapsed_ns(band->from_ns, at_ns)) + ")";
  into.push_back(std::move(*band));
  band.reset();
  bound(into);
}

// Past `most`, neighbours are merged pairwise into one band that says how many it holds.
void LogTimeline::bound(std::vector<PictureBand>& bands) {
  if (bands.size() <= most_) return;
  std::vector<PictureBand> merged;
  for (std::size_t i = 0; i + 1 < bands.size(); i += 2) {
    PictureBand both = bands[i];
    both.until_ns = bands[i + 1].until_ns;
    if (bands[i].fill != bands[i + 1].fill) {
      both.fill = mixed_fill;
      both.title = "several changes from " + wall_time(both.from_ns) + " to " + wall_time(both.until_ns) + " (too close to draw apart)";
    }
    merged.push_back(std::move(both));
  }
  if (bands.size() % 2 == 1) merged.push_back(bands.back());
  bands = std::move(merged);
}

void LogTimeline::bound(std::vector<PictureMark>& marks) {
  if (marks.size() <= most_) return;
  std::vector<PictureMark> merged;
  for (std::size_t i = 0; i + 1 < marks.size(); i += 2) {
    PictureMark both = marks[i];
    both.count += marks[i + 1].count;
    if (std::count(both.title.begin(), both.title.end(), '\n') + 1 < static_cast<std::ptrdiff_t>(title_lines)) {
      both.title += "\n" + marks[i + 1].title;
    }
    merged.push_back(std::move(both));
  }
  if (marks.size() % 2 == 1) merged.push_back(marks.back());
  marks = std::move(merged);
}

void LogTimeline::event(const logcheck::LogEvent& e, const logcheck::IdTable& ids) {
  if (!start_ns_) start_ns_ = e.unix_ns;
  end_ns_ = std::max(end_ns_, e.unix_ns);
  Lane& l = lane(e.source, ids);
  std::string text = wall_time(e.unix_ns) + " " + logcheck::type_name(e);
  if (e.subject != logcheck::no_id) text += " " + ids.name(e.subject);
  if (e.type == Type::members_changed) text += " index " + std::to_string(e.index);
  l.marks.push_back({e.unix_ns, text, 1});
  bound(l.marks);
  switch (e.type) {
    case Type::state_has_leader:
    case Type::state_is_leaderless: {
      close(l.open.report, l.reports, e.unix_ns);
      const bool has = e.type == Type::state_has_leader;
      l.open.report = PictureBand{e.unix_ns, 0, has ? leader_colour(ids.name(e.subject), colours_) : leaderless_colour,
                                  l.id + " reported " + (has ? "has_leader(" + ids.name(e.subject) + ")" : std::string("is_leaderless")) +
                                      " from " + wall_time(e.unix_ns), "", ""};
      break;
    }
    case Type::leadership_gained:
      close(l.open.leader, l.leader, e.unix_ns);
      l.open.leader = PictureBand{e.unix_ns, 0, leader_fill, l.id + " leader (leadership.gained) from " + wall_time(e.unix_ns), "", ""};
      break;
    case Type::leadership_lost:
      close(l.open.leader, l.leader, e.unix_ns);
      break;
    case Type::state_ro:
      if (!l.open.read_only) l.open.read_only = PictureBand{e.unix_ns, 0, "url(#readonly)", l.id + " read-only from " + wall_time(e.unix_ns), "", ""};
      break;
    case Type::state_rw:
      close(l.open.read_only, l.read_only, e.unix_ns);
      break;
    default:
      break;
  }
}

void LogTimeline::period(const logcheck::ExplainedPeriod& p, const logcheck::IdTable& ids) {
  const logcheck::LeaderlessPeriod& q = p.period;
  PictureBand band{q.from_ns, q.until_ns, period_fill,
                   (q.controller == logcheck::no_id ? std::string("cluster") : ids.name(q.controller)) + " leaderless from " +
                       wall_time(q.from_ns) + " for " + ms(logcheck::elapsed_ns(q.from_ns, q.until_ns)) + (q.open ? " (until the log ends)" : "") +
                       (q.old_leader == logcheck::no_id ? "" : "; had " + ids.name(q.old_leader)) + "\ncause: " +
                       std::string(logcheck::cause_name(p.cause)) + ": " + p.evidence, "", ""};
  if (q.controller == logcheck::no_id) {
    cluster_periods_.push_back(std::move(band));
    bound(cluster_periods_);
  } else {
    Lane& l = lane(q.controller, ids);
    l.periods.push_back(std::move(band));
    bound(l.periods);
  }
}

void LogTimeline::finish(std::int64_t end_ns) {
  end_ns_ = std::max(end_ns_, end_ns);
  for (Lane& l : lanes_) {
    close(l.open.report, l.reports, end_ns_);
    close(l.open.leader, l.leader, end_ns_);
    close(l.open.read_only, l.read_only, end_ns_);
  }
}

TimelinePicture LogTimeline::picture() const {
  TimelinePicture picture;
  const std::int64_t start = start_ns_.value_or(0);
  picture.span_ns = std::max<std::int64_t>(logcheck::elapsed_ns(start, end_ns_), 1);
  picture.title = title_ + ": " + wall_time(start) + " to " + wall_time(end_ns_) + " (UTC)";
  const bool with_date = picture.span_ns > std::chrono::nanoseconds(std::chrono::hours(24)).count();
  picture.axis_label = [start, with_date](std::int64_t t) { return clock_label(logcheck::shifted_ns(start, t), with_date); };
  const auto shift = [start](std::vector<PictureBand> bands) {
    for (PictureBand& b : bands) {
      b.from_ns = logcheck::elapsed_ns(start, b.from_ns);
      b.until_ns = logcheck::elapsed_ns(start, b.until_ns);
    }
    return bands;
  };
  picture.over_all_lanes = shift(cluster_periods_);
  for (PictureBand& b : picture.over_all_lanes) b.fill = "#e45756";
  for (const Lane& l : lanes_) {
    PictureLane lane;
    lane.id = l.id;
    lane.roles = shift(l.leader);
    lane.reports = shift(l.reports);
    lane.overlays = shift(l.read_only);
    lane.shading = shift(l.periods);
    for (PictureMark m : l.marks) {
      m.at_ns = logcheck::elapsed_ns(start, m.at_ns);
      lane.marks.push_back(std::move(m));
    }
    picture.lanes.push_back(std::move(lane));
  }
  picture.legend = {{leader_fill, "leader (its own events)"}, {leaderless_colour, "reports no leader"},
                    {"url(#readonly)", "read-only"}, {period_fill, "leaderless period (hover: cause)"}};
  for (const auto& [leader, colour] : colours_) picture.legend.emplace_back(colour, "reports " + leader);
  if (!cluster_periods_.empty()) picture.legend.emplace_back("#e45756", "no controller had a leader");
  return picture;
}

}  // namespace clustersim::sim
