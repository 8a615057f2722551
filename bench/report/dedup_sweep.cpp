#include "bench/report/dedup_sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/oracle/checks.h"
#include "sim/simulation/simulation.h"

namespace clustersim::bench {
namespace {

using namespace clustersim::sim;
using std::chrono::milliseconds;

Scenario flapping_world(Duration period) {
  Scenario s;
  s.name = "dedup_sweep";
  s.purpose = "One follower's links flap; how many events does each policy emit?";
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(5);
  s.policy = model::TrackerPolicy::stable;
  s.stability_window = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(dedup_window_s));
  s.network.latency = LatencyModel::uniform(std::chrono::microseconds(500), milliseconds(2));
  const Time start = time_zero + std::chrono::seconds(10);
  const Time end = start + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(dedup_flap_minutes * 60));
  FlapNode flap{"ctrl5", {}};
  flap.flap.start = start;
  flap.flap.end = end;
  flap.flap.period = period;
  flap.flap.down_fraction = 0.5;
  flap.flap.jitter = period / 20;
  s.timeline.push_back(TimedAction{start, flap, "timeline[0]"});
  s.duration = end - time_zero + std::chrono::seconds(1);
  return s;
}

// Mean and max delay from the raw view settling on a state to its report (announcements
// excluded), over every node.
void detection_latency(const RunResult& run, double& mean_s, double& max_s) {
  double total = 0, count = 0;
  max_s = 0;
  for (const RecordedEvent& e : run.events) {
    const bool has_leader = e.event.type == model::ClusterEventType::state_has_leader;
    if (!has_leader && e.event.type != model::ClusterEventType::state_is_leaderless) continue;
    model::NodeIndex raw = model::no_node;
    Time since = time_zero;
    bool started = false;
    for (const LoggedInput& input : run.inputs[e.node]) {
      if (input.sequence >= e.sequence) break;
      if (input.kind == LoggedInput::Kind::start) {
        raw = model::no_node;
        since = input.at;
        started = true;
      } else if (input.kind == LoggedInput::Kind::observation &&
                 input.observation.kind == model::Observation::Kind::leader && input.observation.leader != raw) {
        raw = input.observation.leader;
        since = input.at;
      }
    }
    const bool matches = has_leader ? raw != model::no_node && run.node_ids[raw] == e.event.leader_id : raw == model::no_node;
    if (!started || !matches || e.at == since) continue;  // an announcement, or nothing to measure
    const double delay = std::chrono::duration<double>(e.at - since).count();
    total += delay;
    count += 1;
    max_s = std::max(max_s, delay);
  }
  mean_s = count > 0 ? total / count : 0;
}

}  // namespace

std::vector<DedupPoint> run_dedup_sweep() {
  std::vector<DedupPoint> points;
  for (const int period_ms : {10, 30, 100, 300, 1000, 3000, 10000}) {
    const RunResult run = run_scenario(flapping_world(milliseconds(period_ms)));
    const DedupCounts counts = dedup_counts(run);
    double raw = 0;
    for (const LoggedInput& input : run.inputs[4]) {
      raw += input.kind == LoggedInput::Kind::observation && input.observation.kind == model::Observation::Kind::leader ? 1 : 0;
    }
    const double minutes = std::chrono::duration<double>(run.scenario.duration).count() / 60.0;
    const double nodes = static_cast<double>(run.node_ids.size());
    DedupPoint p{};
    p.period_s = period_ms / 1000.0;
    p.raw_transitions_per_minute = raw / minutes;
    p.stable_events_per_node_minute = static_cast<double>(counts.stable) / nodes / minutes;
    p.openziti_events_per_node_minute = static_cast<double>(counts.openziti) / nodes / minutes;
    p.suppression_ratio = counts.ratio();
    detection_latency(run, p.stable_latency_mean_s, p.stable_latency_max_s);
    points.push_back(p);
  }
  return points;
}

std::string dedup_svg(const std::vector<DedupPoint>& points) {
  const double width = 640, height = 400, left = 70, right = 20, top = 30, bottom = 60;
  double y_max = 1;
  for (const DedupPoint& p : points) y_max = std::max({y_max, p.stable_events_per_node_minute, p.openziti_events_per_node_minute});
  y_max *= 1.1;
  auto x = [&](double period) {
    return left + (std::log10(period) - std::log10(0.01)) / (std::log10(10.0) - std::log10(0.01)) * (width - left - right);
  };
  auto y = [&](double value) { return top + (1 - value / y_max) * (height - top - bottom); };
  char buffer[256];
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    "<rect width=\"640\" height=\"400\" fill=\"white\"/>\n"
                    "<text x=\"320\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">State events per node per minute vs flap period (one follower flapping)</text>\n";
  std::snprintf(buffer, sizeof buffer, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", left, height - bottom, width - right, height - bottom);
  svg += buffer;
  std::snprintf(buffer, sizeof buffer, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", left, top, left, height - bottom);
  svg += buffer;
  for (const double tick : {0.01, 0.1, 1.0, 10.0}) {
    std::snprintf(buffer, sizeof buffer, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%gs</text>\n", x(tick), height - bottom + 18, tick);
    svg += buffer;
  }
  for (int i = 0; i <= 4; ++i) {
    const double value = y_max * i / 4;
    std::snprintf(buffer, sizeof buffer, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left - 6, y(value) + 4, value);
    svg += buffer;
  }
  svg += "<text x=\"355\" y=\"385\" text-anchor=\"middle\">flap period (log scale)</text>\n";
  const struct { const char* name; const char* colour; bool stable; } series[] = {{"openziti", "#d62728", false}, {"stable (2 s window)", "#1f77b4", true}};
  int legend = 0;
  for (const auto& s : series) {
    std::string path;
    for (const DedupPoint& p : points) {
      const double value = s.stable ? p.stable_events_per_node_minute : p.openziti_events_per_node_minute;
      std::snprintf(buffer, sizeof buffer, "%s%.1f,%.1f", path.empty() ? "" : " ", x(p.period_s), y(value));
      path += buffer;
      std::snprintf(buffer, sizeof buffer, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x(p.period_s), y(value), s.colour);
      svg += buffer;
    }
    svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(s.colour) + "\" points=\"" + path + "\"/>\n";
    std::snprintf(buffer, sizeof buffer, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", 440, 50 + 16 * legend++, s.colour, s.name);
    svg += buffer;
  }
  return svg + "</svg>\n";
}

}  // namespace clustersim::bench
