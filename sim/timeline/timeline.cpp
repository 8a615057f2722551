#include "sim/timeline/timeline.h"

#include <algorithm>
#include <map>

#include "model/events/event_json.h"
#include "sim/oracle/leader_recovery.h"
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

constexpr const char* side_colours[] = {"#9ecae9", "#ffbf79", "#88d27a", "#f2cf5b", "#d4a6c8", "#b9d6d2"};
constexpr const char* isolated_colour = "#c7c7c7";
constexpr const char* failure_colour = "#d62728";
constexpr const char* converged_colour = "#2f6f3e";

std::string names(const RunResult& run, const std::vector<NodeIndex>& nodes) {
  std::string text;
  for (NodeIndex node : nodes) text += (text.empty() ? "" : ",") + run.node_ids[node];
  return "{" + text + "}";
}

// The faults as the network made them (a full trace's journal): a cut lasts until the next
// heal, each flap phase from going down to coming up.
void add_faults_as_they_happened(TimelinePicture& picture, const RunResult& run, Time end) {
  using K = JournalRecord::Kind;
  std::vector<const JournalRecord*> cuts;  // since the last heal
  const auto close_cuts = [&](Time until) {
    for (const JournalRecord* cut : cuts) {
      const std::string when = " from " + format_time(cut->at) + " to " + format_time(until);
      if (cut->kind == K::partition) {
        for (std::size_t side = 0; side < cut->groups.size(); ++side) {
          const std::string title = "partition side " + std::to_string(side + 1) + " of " + std::to_string(cut->groups.size()) +
                                    ": " + names(run, cut->groups[side]) + when;
          for (NodeIndex node : cut->groups[side]) {
            picture.lanes[node].shading.push_back({ns(cut->at), ns(until), side_colours[side % std::size(side_colours)], title,
                                                   "partition-side-" + std::to_string(side + 1), ""});
          }
        }
      } else if (cut->kind == K::one_way) {
        const std::string senders = names(run, cut->groups[0]), receivers = names(run, cut->groups[1]);
        for (NodeIndex node : cut->groups[0]) {
          picture.lanes[node].shading.push_back({ns(cut->at), ns(until), "url(#cannot-send)",
                                                 run.node_ids[node] + " cannot send to " + receivers + when, "cannot-send", ""});
        }
        for (NodeIndex node : cut->groups[1]) {
          // A node named on both ends still hears itself: only its sending is cut.
          if (std::find(cut->groups[0].begin(), cut->groups[0].end(), node) != cut->groups[0].end()) continue;
          picture.lanes[node].shading.push_back({ns(cut->at), ns(until), "url(#cannot-hear)",
                                                 run.node_ids[node] + " hears nothing from " + senders + when, "cannot-hear", ""});
        }
      } else {
        const NodeIndex node = cut->groups[0][0];
        picture.lanes[node].shading.push_back({ns(cut->at), ns(until), isolated_colour,
                                               run.node_ids[node] + " isolated" + when, "isolated", ""});
      }
    }
    cuts.clear();
  };
  std::map<std::vector<std::pair<NodeIndex, NodeIndex>>, Time> flaps_down;
  const auto flap_band = [&](const std::vector<std::pair<NodeIndex, NodeIndex>>& links, Time from, Time until) {
    std::vector<NodeIndex> lanes;
    std::string text;
    for (const auto& [a, b] : links) {
      lanes.push_back(a);
      lanes.push_back(b);
      text += (text.empty() ? "" : " ") + run.node_ids[a] + "->" + run.node_ids[b];
    }
    std::sort(lanes.begin(), lanes.end());
    lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
    for (NodeIndex node : lanes) {
      picture.lanes[node].shading.push_back({ns(from), ns(until), "url(#flap)",
                                             "flap: down from " + format_time(from) + " to " + format_time(until) + ": " + text,
                                             "flap-down", ""});
    }
  };
  for (const JournalRecord& r : run.journal) {
    if (r.kind == K::partition || r.kind == K::one_way || r.kind == K::isolate) cuts.push_back(&r);
    if (r.kind == K::heal) close_cuts(r.at);
    if (r.kind == K::flap_down) flaps_down[r.links] = r.at;
    if (r.kind == K::flap_up) {
      const auto down = flaps_down.find(r.links);
      if (down == flaps_down.end()) continue;
      flap_band(r.links, down->second, r.at);
      flaps_down.erase(down);
    }
  }
  close_cuts(end);
  for (const auto& [links, since] : flaps_down) flap_band(links, since, end);
}

// Without a full trace: the faults as the scenario describes them, cuts from the first until
// healed over all lanes, flaps over their whole span on the lanes they affect.
void add_faults_as_described(TimelinePicture& picture, const RunResult& run, Time end) {
  std::optional<Time> cut_since;
  auto close_cut = [&](Time until) {
    if (!cut_since) return;
    picture.over_all_lanes.push_back({ns(*cut_since), ns(until), "#4c78a8",
                                      "network cut from " + format_time(*cut_since) + " to " + format_time(until), "cut", ""});
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
      if (affected) picture.lanes[node].shading.push_back({ns(drawing.from), ns(drawing.until), "url(#flap)", drawing.label, "flap", ""});
    }
  }
}

PictureLane run_lane(const RunResult& run, model::NodeIndex node, Time end,
                     std::vector<std::pair<std::string, std::string>>& colours) {
  PictureLane lane;
  const std::string& id = run.node_ids[node];
  lane.id = id;
  // Raft role, from the ground truth; a leader's band says its term.
  const auto& history = run.truth.history(node);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Time until = i + 1 < history.size() ? history[i + 1].at : end;
    if (until <= history[i].at) continue;
    const bool leads = history[i].role == model::RaftState::leader;
    lane.roles.push_back({ns(history[i].at), ns(until), role_colour(history[i].role),
                          id + ": " + std::string(raft_state_name(history[i].role)) + " in term " +
                              std::to_string(history[i].term) + " from " + format_time(history[i].at) + " to " + format_time(until),
                          leads ? "leader" : "", leads ? "t" + std::to_string(history[i].term) : ""});
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
                                " from " + format_time(states[i]->at) + " to " + format_time(until),
                            "", ""});
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
                               id + " paused from " + format_time(paused_at) + " to " + format_time(input.at), "paused", ""});
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

// After each crash of a leader: how long until every other running tracker named the leader
// elected after it.
void add_convergence(TimelinePicture& picture, const RunResult& run, Time end) {
  for (const LeaderRecovery& r : leader_recoveries(run)) {
    if (r.next == model::no_node) continue;
    bool all_told = true;
    Time converged = r.crash;
    for (NodeIndex node = 0; node < r.told.size() && all_told; ++node) {
      if (node == r.crashed) continue;
      all_told = r.told[node].has_value();
      if (all_told) converged = std::max(converged, *r.told[node]);
    }
    const std::string& crashed = run.node_ids[r.crashed];
    const std::string& next = run.node_ids[r.next];
    const std::string who = crashed + " (leader) crashed at " + format_time(r.crash);
    if (all_told) {
      const std::string took = format_duration(std::chrono::round<std::chrono::milliseconds>(converged - r.crash));
      picture.spans.push_back({ns(r.crash), ns(converged), converged_colour,
                               who + "; " + next + " elected at " + format_time(r.elected) +
                                   "; every other tracker named it by " + format_time(converged),
                               "converged", crashed + " crash: trackers on " + next + " in " + took});
    } else {
      picture.spans.push_back({ns(r.crash), ns(end), failure_colour, who + "; not every other tracker named " + next,
                               "not-converged", crashed + " crash: trackers never all on " + next});
    }
  }
}

void add_failures(TimelinePicture& picture, const RunResult& run, const OracleReport& report) {
  for (const CheckResult& check : report.checks) {
    if (check.passed()) continue;
    const CheckFailure& first = check.failures.front();
    const std::string where = first.node == model::no_node ? std::string("run") : run.node_ids[first.node];
    picture.moments.push_back({ns(first.at), failure_colour, "FAIL " + check.name,
                               check.name + " failed: " + where + " at " + format_time(first.at) + ": " + first.message +
                                   (check.failures.size() > 1 ? " (and " + std::to_string(check.failures.size() - 1) + " more)" : ""),
                               "failure"});
  }
}

TimelinePicture run_picture(const RunResult& run, const OracleReport* report) {
  const Time end = time_zero + run.scenario.duration;
  TimelinePicture picture;
  picture.title = run.scenario.name + " (seed " + std::to_string(run.seed) + ", " + std::string(model::policy_name(run.policy)) +
                  " policy): raft role (top), tracker report (middle), events (marks)";
  picture.span_ns = ns(end);
  std::vector<std::pair<std::string, std::string>> colours;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) picture.lanes.push_back(run_lane(run, node, end, colours));
  const bool as_they_happened = run.trace_level != TraceLevel::events;
  if (as_they_happened) {
    add_faults_as_they_happened(picture, run, end);
  } else {
    add_faults_as_described(picture, run, end);
  }
  add_convergence(picture, run, end);
  if (report != nullptr) add_failures(picture, run, *report);
  picture.legend = {{role_colour(model::RaftState::follower), "follower"},
                    {role_colour(model::RaftState::candidate), "candidate"},
                    {role_colour(model::RaftState::leader), "leader (t: its term)"},
                    {role_colour(model::RaftState::shutdown), "crashed"},
                    {"url(#paused)", "paused"},
                    {leaderless_colour, "reports no leader"}};
  for (const auto& [leader, colour] : colours) picture.legend.emplace_back(colour, "reports " + leader);
  // The faults this run had, each as it is drawn.
  std::map<std::string, std::pair<std::string, std::string>> faults;
  for (const PictureLane& lane : picture.lanes) {
    for (const PictureBand& b : lane.shading) {
      if (b.kind == "flap-down" || b.kind == "flap") faults["0"] = {"url(#flap)", as_they_happened ? "flap: links down" : "flapping"};
      if (b.kind.rfind("partition-side-", 0) == 0) faults["1" + b.kind] = {b.fill, b.kind.substr(10)};
      if (b.kind == "cannot-send") faults["2"] = {b.fill, "cannot send (one-way cut)"};
      if (b.kind == "cannot-hear") faults["3"] = {b.fill, "hears nothing (one-way cut)"};
      if (b.kind == "isolated") faults["4"] = {b.fill, "isolated"};
    }
  }
  if (!picture.over_all_lanes.empty()) faults["5"] = {"#4c78a8", "network cut"};
  for (const auto& [order, fault] : faults) picture.legend.push_back(fault);
  if (!picture.spans.empty()) picture.legend.emplace_back(converged_colour, "leader crash until every tracker moved");
  if (!picture.moments.empty()) picture.legend.emplace_back(failure_colour, "a check failed (dashed line)");
  return picture;
}

}  // namespace

std::string timeline_svg(const RunResult& run, const OracleReport* report) { return timeline_svg(run_picture(run, report)); }

std::string timeline_html(const RunResult& run, const OracleReport* report) { return timeline_html(run_picture(run, report)); }

}  // namespace clustersim::sim
