#include "sim/svg/svg_text.h"
#include "sim/timeline/timeline.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "model/events/event_json.h"

namespace clustersim::sim {
namespace {

constexpr double width = 1100, left = 90, right = 20, top = 54, lane_height = 46;
constexpr double role_y = 4, role_h = 12, state_y = 18, state_h = 12, mark_y = 32, mark_h = 10;
constexpr double min_mark_gap_px = 3;
constexpr const char* leader_palette[] = {"#4c78a8", "#54a24b", "#b279a2", "#9d755d", "#72b7b2",
                                          "#eeca3b", "#ff9da6", "#bab0ac", "#79706e", "#d67195", "#439894"};
constexpr const char* leaderless_colour = "#e45756";


class Canvas {
 public:
  explicit Canvas(const RunResult& run)
      : end_(time_zero + run.scenario.duration), plot_width_(width - left - right) {}

  double x(Time t) const {
    const double f = std::chrono::duration<double>(t - time_zero).count() /
                     std::chrono::duration<double>(end_ - time_zero).count();
    return left + std::clamp(f, 0.0, 1.0) * plot_width_;
  }
  double lane_top(model::NodeIndex node) const { return top + static_cast<double>(node) * lane_height; }

  void rect(double x0, double x1, double y, double h, const std::string& fill, const std::string& title,
            const std::string& extra = "") {
    char b[200];
    std::snprintf(b, sizeof b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s>",
                  x0, y, std::max(0.6, x1 - x0), h, fill.c_str(), extra.c_str());
    svg_ += b;
    svg_ += "<title>" + svg_escape(title) + "</title></rect>\n";
  }
  void text(double x0, double y, const std::string& content, const std::string& attributes = "") {
    char b[96];
    std::snprintf(b, sizeof b, "<text x=\"%.2f\" y=\"%.2f\"%s>", x0, y, attributes.empty() ? "" : (" " + attributes).c_str());
    svg_ += b + svg_escape(content) + "</text>\n";
  }
  void raw(const std::string& s) { svg_ += s; }
  std::string& svg() { return svg_; }
  Time end() const { return end_; }

 private:
  Time end_;
  double plot_width_;
  std::string svg_;
};

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
void draw_faults(Canvas& c, const RunResult& run) {
  std::optional<Time> cut_since;
  const double bottom = top + static_cast<double>(run.node_ids.size()) * lane_height;
  auto close_cut = [&](Time until) {
    if (!cut_since) return;
    c.rect(c.x(*cut_since), c.x(until), top - 4, bottom - top + 4, "#4c78a8",
           "network cut from " + format_time(*cut_since) + " to " + format_time(until), " opacity=\"0.10\" class=\"fault\"");
    cut_since.reset();
  };
  for (const TimedAction& a : run.scenario.timeline) {
    const FaultDrawing drawing = a.drawing();
    if (drawing.shape == FaultDrawing::Shape::cut_begins && !cut_since) cut_since = a.at;
    if (drawing.shape == FaultDrawing::Shape::cut_ends) close_cut(a.at);
  }
  close_cut(c.end());
  for (const TimedAction& a : run.scenario.timeline) {
    const FaultDrawing drawing = a.drawing();
    if (drawing.shape != FaultDrawing::Shape::flap) continue;
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      const std::string& id = run.node_ids[node];
      const bool affected = drawing.every_lane || std::find(drawing.nodes.begin(), drawing.nodes.end(), id) != drawing.nodes.end();
      if (!affected) continue;
      c.rect(c.x(drawing.from), c.x(drawing.until), c.lane_top(node), lane_height - 4, "url(#flap)", drawing.label,
             " class=\"fault\"");
    }
  }
}

void draw_lane(Canvas& c, const RunResult& run, model::NodeIndex node, std::map<std::string, std::string>& colours) {
  const double y = c.lane_top(node);
  const std::string& id = run.node_ids[node];
  c.raw("<g class=\"lane\" data-node=\"" + svg_escape(id) + "\">\n");
  c.text(8, y + 22, id, "font-weight=\"bold\"");
  // Raft role, from the ground truth.
  const auto& history = run.truth.history(node);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Time until = i + 1 < history.size() ? history[i + 1].at : c.end();
    if (until <= history[i].at) continue;
    c.rect(c.x(history[i].at), c.x(until), y + role_y, role_h, role_colour(history[i].role),
           id + ": " + std::string(raft_state_name(history[i].role)) + " in term " + std::to_string(history[i].term) +
               " from " + format_time(history[i].at) + " to " + format_time(until));
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
    Time until = i + 1 < states.size() ? states[i + 1]->at : c.end();
    for (Time crash : crashes) {
      if (crash >= states[i]->at && crash < until) until = crash;
    }
    const bool has = states[i]->event.type == model::ClusterEventType::state_has_leader;
    const std::string& leader = states[i]->event.leader_id;
    if (has && !colours.count(leader)) colours[leader] = leader_palette[colours.size() % std::size(leader_palette)];
    c.rect(c.x(states[i]->at), c.x(until), y + state_y, state_h, has ? colours[leader] : leaderless_colour,
           id + "'s tracker: " + (has ? "has_leader(" + leader + ")" : std::string("is_leaderless")) + " from " +
               format_time(states[i]->at) + " to " + format_time(until));
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
      c.rect(c.x(paused_at), c.x(input.at), y + role_y, role_h + state_h + 2, "url(#paused)",
             id + " paused from " + format_time(paused_at) + " to " + format_time(input.at));
      is_paused = false;
    }
  }
  // Event marks, the tracker's and the mesh's in the order emitted, merged when closer than a
  // few pixels.
  std::vector<const RecordedEvent*> mine;
  for (const RecordedEvent& e : run.events) if (e.node == node) mine.push_back(&e);
  for (const RecordedEvent& e : run.mesh_events) if (e.node == node) mine.push_back(&e);
  std::sort(mine.begin(), mine.end(), [](const RecordedEvent* a, const RecordedEvent* b) { return a->sequence < b->sequence; });
  for (std::size_t i = 0; i < mine.size();) {
    std::size_t j = i + 1;
    while (j < mine.size() && c.x(mine[j]->at) - c.x(mine[i]->at) < min_mark_gap_px) ++j;
    std::string title;
    for (std::size_t k = i; k < j && k < i + 6; ++k) title += format_time(mine[k]->at) + " " + model::event_to_json(mine[k]->event) + "\n";
    if (j - i > 6) title += "... and " + std::to_string(j - i - 6) + " more";
    const double mx = c.x(mine[i]->at);
    c.rect(mx - 0.75, mx + 0.75, y + mark_y, mark_h, j - i > 1 ? "#000000" : "#555555", title, " class=\"mark\"");
    if (j - i > 1) c.text(mx + 2, y + mark_y + 9, "x" + std::to_string(j - i), "font-size=\"9\"");
    i = j;
  }
  c.raw("</g>\n");
}

}  // namespace

std::string timeline_svg(const RunResult& run) {
  Canvas c(run);
  const double height = top + static_cast<double>(run.node_ids.size()) * lane_height + 50;
  char b[300];
  std::snprintf(b, sizeof b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"11\" class=\"timeline\">\n",
                width, height);
  c.raw(b);
  c.raw("<defs><pattern id=\"flap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        "<rect width=\"3\" height=\"6\" fill=\"#4c78a8\" opacity=\"0.18\"/></pattern>"
        "<pattern id=\"paused\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"2\" height=\"4\" fill=\"#000\" opacity=\"0.35\"/></pattern></defs>\n");
  c.raw("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  c.text(left, 18, run.scenario.name + " (seed " + std::to_string(run.seed) + ", " + std::string(model::policy_name(run.policy)) +
                       " policy): raft role (top), tracker report (middle), events (marks)", "font-size=\"13\"");
  for (int i = 0; i <= 10; ++i) {
    const Time t = time_zero + run.scenario.duration * i / 10;
    c.text(c.x(t), top - 10, format_duration(std::chrono::round<std::chrono::milliseconds>(t - time_zero)), "text-anchor=\"middle\"");
  }
  draw_faults(c, run);
  std::map<std::string, std::string> colours;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) draw_lane(c, run, node, colours);
  // Legend.
  double lx = left;
  const double ly = top + static_cast<double>(run.node_ids.size()) * lane_height + 14;
  auto legend = [&](const std::string& fill, const std::string& label) {
    c.rect(lx, lx + 12, ly, 10, fill, label);
    c.text(lx + 16, ly + 9, label);
    lx += 24 + 6.5 * static_cast<double>(label.size());
  };
  legend(role_colour(model::RaftState::follower), "follower");
  legend(role_colour(model::RaftState::candidate), "candidate");
  legend(role_colour(model::RaftState::leader), "leader");
  legend(role_colour(model::RaftState::shutdown), "crashed");
  legend(leaderless_colour, "reports no leader");
  for (const auto& [leader, colour] : colours) legend(colour, "reports " + leader);
  c.raw("</svg>\n");
  return c.svg();
}

std::string timeline_html(const RunResult& run) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + svg_escape(run.scenario.name) +
         " timeline</title>\n<style>body{font-family:sans-serif;margin:16px}#tip{position:fixed;display:none;"
         "background:#fffbe6;border:1px solid #aaa;padding:4px 6px;font:11px monospace;white-space:pre;"
         "pointer-events:none;max-width:900px}</style>\n</head>\n<body data-status=\"loading\">\n" +
         timeline_svg(run) +
         "<div id=\"tip\"></div>\n<script>\n"
         "window.addEventListener('error', function () { document.body.dataset.status = 'error'; });\n"
         "(function () {\n"
         "  var tip = document.getElementById('tip');\n"
         "  document.querySelectorAll('svg.timeline rect').forEach(function (r) {\n"
         "    var t = r.querySelector('title');\n"
         "    if (!t) return;\n"
         "    r.addEventListener('mousemove', function (e) {\n"
         "      tip.textContent = t.textContent; tip.style.display = 'block';\n"
         "      tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';\n"
         "    });\n"
         "    r.addEventListener('mouseleave', function () { tip.style.display = 'none'; });\n"
         "  });\n"
         "  document.body.dataset.lanes = String(document.querySelectorAll('svg.timeline g.lane').length);\n"
         "  document.body.dataset.status = 'ok';\n"
         "})();\n</script>\n</body></html>\n";
}

}  // namespace clustersim::sim
