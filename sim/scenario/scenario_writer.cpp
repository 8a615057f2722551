#include "sim/scenario/scenario_writer.h"

#include <nlohmann/json.hpp>

#include "sim/scenario/mesh_section.h"

namespace clustersim::sim {
namespace {

using Json = nlohmann::ordered_json;

std::string duration(Duration d) { return format_duration(d); }

Json cluster_json(const model::RaftConfig& raft) {
  Json cluster;
  Json nodes = Json::array(), non_voters = Json::array(), joining = Json::array();
  for (const model::RaftMember& member : raft.members) {
    nodes.push_back(member.id);
    if (member.suffrage == model::Suffrage::nonvoter) non_voters.push_back(member.id);
    if (member.suffrage == model::Suffrage::none) joining.push_back(member.id);
  }
  cluster["nodes"] = nodes;
  if (!non_voters.empty()) cluster["non_voters"] = non_voters;
  if (!joining.empty()) cluster["joining"] = joining;
  cluster["preset"] = "hashicorp";
  cluster["heartbeat_timeout"] = duration(raft.heartbeat_timeout);
  cluster["election_timeout"] = duration(raft.election_timeout);
  cluster["leader_lease_timeout"] = duration(raft.leader_lease_timeout);
  cluster["commit_timeout"] = duration(raft.commit_timeout);
  cluster["pre_vote"] = raft.pre_vote;
  cluster["leader_stickiness"] = raft.leader_stickiness;
  cluster["timer_mode"] = raft.timer_mode == model::TimerMode::range ? "range" : "hashicorp";
  if (raft.timer_mode == model::TimerMode::range) {
    cluster["election_timeout_min"] = duration(raft.election_timeout_min);
    cluster["election_timeout_max"] = duration(raft.election_timeout_max);
    cluster["heartbeat_interval"] = duration(raft.heartbeat_interval);
  }
  return cluster;
}

template <typename T, typename Write>
Json spread_json(const Spread<T>& spread, Write write) {
  if (spread.fixed()) return write(spread.low);
  return Json{{"uniform", Json::array({write(spread.low), write(spread.high)})}};
}

std::string signed_duration(Duration d) { return d < Duration{0} ? "-" + duration(-d) : duration(d); }

// Every key of a timing, or of `own` only those that differ from `base`.
Json node_timing_json(const NodeTiming& own, const NodeTiming* base) {
  Json out = Json::object();
  const auto differs = [&](auto member) { return base == nullptr || !(own.*member == base->*member); };
  if (differs(&NodeTiming::timer_late)) out["timer_late"] = latency_json(own.timer_late);
  if (differs(&NodeTiming::processing)) out["processing"] = latency_json(own.processing);
  if (differs(&NodeTiming::storage_write)) out["storage_write"] = latency_json(own.storage_write);
  if (differs(&NodeTiming::clock_drift_ppm)) out["clock_drift_ppm"] = spread_json(own.clock_drift_ppm, [](double v) { return Json(v); });
  if (differs(&NodeTiming::clock_offset)) out["clock_offset"] = spread_json(own.clock_offset, signed_duration);
  if (differs(&NodeTiming::stall_every)) out["stall_every"] = duration(own.stall_every);
  if (differs(&NodeTiming::stall_length)) out["stall_length"] = latency_json(own.stall_length);
  if (differs(&NodeTiming::boot_at)) out["boot_at"] = spread_json(own.boot_at, duration);
  return out;
}

// cluster.timing, every value written, so that a change of the preset cannot alter a file.
Json timing_json(const Scenario& s) {
  Json timing = node_timing_json(s.timing, nullptr);
  for (const auto& [id, own] : s.node_timing) timing["nodes"][id] = node_timing_json(own, &s.timing);
  return timing;
}

Json expect_json(const Expectations& expect) {
  Json out = Json::object();
  if (!expect.events.empty()) {
    Json events = Json::array();
    for (const EventExpectation& e : expect.events) {
      Json item;
      if (e.policy) item["policy"] = std::string(model::policy_name(*e.policy));
      item["node"] = e.node;
      item["type"] = std::string(model::event_type_name(e.type));
      if (!e.leader.empty()) item["leader"] = e.leader;
      item["from"] = format_time(e.from);
      item["to"] = format_time(e.to);
      item["min"] = e.count_min;
      if (e.count_max != UINT64_MAX) item["max"] = e.count_max;
      events.push_back(item);
    }
    out["events"] = events;
  }
  if (!expect.final_states.empty()) {
    Json finals = Json::object();
    for (const FinalExpectation& f : expect.final_states) {
      finals[f.node] = !f.has_leader ? "is_leaderless" : f.leader.empty() ? "has_leader" : "has_leader:" + f.leader;
    }
    out["final"] = finals;
  }
  if (expect.max_state_events_stable || expect.max_state_events_openziti) {
    Json max = Json::object();
    if (expect.max_state_events_stable) max["stable"] = *expect.max_state_events_stable;
    if (expect.max_state_events_openziti) max["openziti"] = *expect.max_state_events_openziti;
    out["max_state_events_per_node"] = max;
  }
  if (!expect.golden_base.empty()) out["golden"] = expect.golden_base;
  return out;
}

}  // namespace

std::string write_scenario(const Scenario& s) {
  Json root;
  root["name"] = s.name;
  root["purpose"] = s.purpose;
  root["seed"] = s.seed;
  root["duration"] = duration(s.duration);
  root["epoch"] = model::format_timestamp(s.epoch);
  root["cluster"] = cluster_json(s.raft);
  root["cluster"]["timing"] = timing_json(s);
  root["cluster"]["mesh"] = detail::mesh_json(s.mesh);
  root["cluster"]["warn_when_leaderless_for"] = duration(s.warn_when_leaderless_for);
  root["cluster"]["dispatch_jitter"] = duration(s.dispatch_jitter);
  if (!s.preferred.empty()) {
    root["cluster"]["preferred"] = s.preferred;
    root["cluster"]["preferred_leader_delay"] = duration(s.preferred_leader_delay);
  }
  root["cluster"]["startup"] = {{"event_generation_delay", spread_json(s.event_generation_delay, duration)},
                                {"observer_queue", s.observer_queue}};
  root["tracker"] = {{"policy", std::string(model::policy_name(s.policy))},
                     {"stability_window", duration(s.stability_window)}};
  if (!s.tracker_members.empty()) root["tracker"]["members"] = s.tracker_members;
  if (s.tracker_command) {
    root["tracker"]["command"] = s.tracker_command->text;
    root["tracker"]["timeout"] = duration(s.tracker_command->timeout);
  }
  root["network"] = link_json(s.network);
  root["bounds"] = {{"timeliness", duration(s.timeliness_bound)}};
  Json timeline = Json::array();
  for (const TimedAction& action : s.timeline) timeline.push_back(write_action(action));
  root["timeline"] = timeline;
  const Json expect = expect_json(s.expect);
  if (!expect.empty()) root["expect"] = expect;
  return root.dump(2) + "\n";
}

}  // namespace clustersim::sim
