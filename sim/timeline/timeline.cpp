#include "sim/timeline/timeline.h"

#include <algorithm>

#include "model/events/event_json.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {
namespace {

std::int64_t ns(Time t) { return std::chrono::nanoseconds(t - time_zero).count(); }

std::string role_colour(model::RaftState role) {
  switch (role) {
    case model::RaftState::follower: return "#d9d9d9";
    case model::RaftState::candidate: return "#f58518";
    case model::RaftState::leader: return "#2f6f3e";
    case model::RaftState::shutdown: return "#222222";
  }
  return "#ffffff";
}

// Fault bands, as each action kind says it is drawn: network cuts from the first cut until
// healed (by heal or stop_faults), flaps over their span on the lanes they affect.
void add_faults(TimelinePicture& picture, const RunResult& run, Time end) {
  std::optional<Time> cut_since;
  auto close_cut = [&](Time until) {
    if (!cut_since) return;
    picture.over_all_lanes.push_back({ns(*cut_since), ns(until), "#4c78a8",
                                      "network cut from " + format_time(*cut_since) + " to " + format_time(until)});
    cut_since.reset();
  };
  for (const TimedAction& a : run.scenario.timeline) {
    const FaultDrawing drawing = a.drawing();
    if (drawing.shape == FaultDrawing::Shape::cut_begins && !cut_since) cut_since = a.at;
    if (drawing.shape == FaultDrawing::Shape::cut_ends) close_cut(a.at);
  }
  close_cut(end);
  for (const TimedAction& a : run.scenario.timeline) {
    const FaultDrawing drawing = a.drawing();
    if (drawing.shape != FaultDrawing::Shape::flap) continue;
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      const std::string& id = run.node_ids[node];
      const bool affected = drawing.every_lane || std::find(drawing.nodes.begin(), drawing.nodes.end(), id) != drawing.nodes.end();
      if (affected) picture.lanes[node].shading.push_back({ns(drawing.from), ns(drawing.until), "url(#flap)", drawing.label});
    }
  }
}

PictureLane run_lane(const RunResult& run, model::NodeIndex node, Time end,
                     std::vector<std::pair<std::string, std::string>>& colours) {
  PictureLane lane;
  const std::string& id = run.node_ids[node];
  lane.id = id;
  // Raft role, from the ground truth.
  const auto& history = run.truth.history(node);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Time until = i + 1 < history.size() ? history[i + 1].at : end;
    if (until <= history[i].at) continue;
    lane.roles.push_back({ns(history[i].at), ns(until), role_colour(history[i].role),
                          id + ": " + std::string(raft_state_name(history[i].role)) + " in term " +
                              std::to_string(history[i].term) + " from " + format_time(history[i].at) + " to " +
                              format_time(until)});
  }
  // What the tracker reported: from each state event to the next (or a crash / the end).
  std::vector<const RecordedEvent*> states;
  for (const RecordedEvent& e : run.events) {
    if (e.node == node && (e.event.type == model::ClusterEventType::state_has_leader ||
                           e.event.type == model::ClusterEventType::state_is_leaderless)) states.push_back(&e);
  }
  std::vector<Time> crashes;
  for (const LoggedInput& input : run.inputs[node]) {
    if (input.kind == LoggedInput::Kind::crash) crashes.push_back(input.at);
  }
  for (std::size_t i = 0; i < states.size(); ++i) {
    Time until = i + 1 < states.size() ? states[i + 1]->at : end;
    for (Time crash : crashes) {
      if (crash >= states[i]->at && crash < until) until = crash;
    }
    const bool has = states[i]->event.type == model::ClusterEventType::state_has_leader;
    const std::string& leader = states[i]->event.leader_id;
    lane.reports.push_back({ns(states[i]->at), ns(until), has ? leader_colour(leader, colours) : leaderless_colour,
                            id + "'s tracker: " + (has ? "has_leader(" + leader + ")" : std::string("is_leaderless")) +
                                " from " + format_time(states[i]->at) + " to " + format_time(until)});
  }
  // Pauses.
  bool is_paused = false;
  Time paused_at = time_zero;
  for (const LoggedInput& input : run.inputs[node]) {
    if (input.kind == LoggedInput::Kind::pause) {
      is_paused = true;
      paused_at = input.at;
    }
    if (input.kind == LoggedInput::Kind::resume && is_paused) {
      lane.overlays.push_back({ns(paused_at), ns(input.at), "url(#paused)",
                               id + " paused from " + format_time(paused_at) + " to " + format_time(input.at)});
      is_paused = false;
    }
  }
  // Event marks, the tracker's and the mesh's in the order emitted.
  std::vector<const RecordedEvent*> mine;
  for (const RecordedEvent& e : run.events) if (e.node == node) mine.push_back(&e);
  for (const RecordedEvent& e : run.mesh_events) if (e.node == node) mine.push_back(&e);
  std::sort(mine.begin(), mine.end(), [](const RecordedEvent* a, const RecordedEvent* b) { return a->sequence < b->sequence; });
  for (const RecordedEvent* e : mine) lane.marks.push_back({ns(e->at), format_time(e->at) + " " + model::event_to_json(e->event)});
  return lane;
}

TimelinePicture run_picture(const RunResult& run) {
  const Time end = time_zero + run.scenario.duration;
  TimelinePicture picture;
  picture.title = run.scenario.name + " (seed " + std::to_string(run.seed) + ", " + std::string(model::policy_name(run.policy)) +
                  " policy): raft role (top), tracker report (middle), events (marks)";
  picture.span_ns = ns(end);
  picture.axis_label = [](std::int64_t t) {
    return format_duration(std::chrono::round<std::chrono::milliseconds>(std::chrono::nanoseconds(t)));
  };
  std::vector<std::pair<std::string, std::string>> colours;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) picture.lanes.push_back(run_lane(run, node, end, colours));
  add_faults(picture, run, end);
  picture.legend = {{role_colour(model::RaftState::follower), "follower"},
                    {role_colour(model::RaftState::candidate), "candidate"},
                    {role_colour(model::RaftState::leader), "leader"},
                    {role_colour(model::RaftState::shutdown), "crashed"},
                    {leaderless_colour, "reports no leader"}};
  for (const auto& [leader, colour] : colours) picture.legend.emplace_back(colour, "reports " + leader);
  return picture;
}

}  // namespace

std::string timeline_svg(const RunResult& run) { return timeline_svg(run_picture(run)); }

std::string timeline_html(const RunResult& run) { return timeline_html(run_picture(run)); }

}  // namespace clustersim::sim
