#include "sim/timeline/timeline_picture.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/svg/svg_text.h"

namespace clustersim::sim {
namespace {

constexpr double width = 1100, left = 90, right = 20;
constexpr double min_mark_gap_px = 3;
constexpr std::size_t marks_in_title = 6;
// Past this many lanes each is drawn thinner, so that a 101-node run stays a page a person
// can scroll (24 px a lane: about 2,400 px).
constexpr std::size_t thin_lanes_from = 25;
constexpr const char* leader_palette[] = {"#4c78a8", "#54a24b", "#b279a2", "#9d755d", "#72b7b2",
                                          "#eeca3b", "#ff9da6", "#bab0ac", "#79706e", "#d67195", "#439894"};

struct LaneLayout {
  double height, role_y, role_h, state_y, state_h, mark_y, mark_h, font;
};

LaneLayout lane_layout(std::size_t lanes) {
  if (lanes >= thin_lanes_from) return {24, 2, 6, 9, 6, 16, 6, 9};
  return {46, 4, 12, 18, 12, 32, 10, 11};
}

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

class Canvas {
 public:
  explicit Canvas(const TimelinePicture& picture) : span_(std::max<std::int64_t>(picture.span_ns, 1)) {}

  double x(std::int64_t t) const {
    const double f = static_cast<double>(t) / static_cast<double>(span_);
    return left + std::clamp(f, 0.0, 1.0) * (width - left - right);
  }
  // A rectangle; `times` are its data attributes (data-from/data-until, or data-at) so that the
  // page can redraw it for another time window.
  void rect(double x0, double x1, double y, double h, const std::string& fill, const std::string& title,
            const std::string& extra = "") {
    svg_ += "<rect x=\"" + number(x0) + "\" y=\"" + number(y) + "\" width=\"" + number(std::max(0.6, x1 - x0)) +
            "\" height=\"" + number(h) + "\" fill=\"" + fill + "\"" + extra + ">";
    svg_ += "<title>" + svg_escape(title) + "</title></rect>\n";
  }
  void band(const PictureBand& b, double y, double h, const std::string& extra = "") {
    if (b.until_ns < b.from_ns) return;
    std::string attributes = extra + " data-from=\"" + std::to_string(b.from_ns) + "\" data-until=\"" +
                             std::to_string(b.until_ns) + "\"";
    if (!b.kind.empty()) attributes += " data-kind=\"" + svg_escape(b.kind) + "\"";
    rect(x(b.from_ns), x(b.until_ns), y, h, b.fill, b.title, attributes);
    // A label where it fits: 6 px a character at this size.
    if (!b.label.empty() && x(b.until_ns) - x(b.from_ns) > 6.0 * static_cast<double>(b.label.size()) + 4) {
      text(x(b.from_ns) + 2, y + h - 2, b.label,
           "font-size=\"9\" fill=\"white\" data-at=\"" + std::to_string(b.from_ns) + "\" class=\"band-label\"");
    }
  }
  void text(double x0, double y, const std::string& content, const std::string& attributes = "") {
    svg_ += "<text x=\"" + number(x0) + "\" y=\"" + number(y) + "\"" + (attributes.empty() ? "" : " " + attributes) + ">" +
            svg_escape(content) + "</text>\n";
  }
  void raw(const std::string& s) { svg_ += s; }
  std::string take() { return std::move(svg_); }

 private:
  std::int64_t span_;
  std::string svg_;
};

void draw_lane(Canvas& c, const PictureLane& lane, double y, const LaneLayout& l) {
  c.raw("<g class=\"lane\" data-node=\"" + svg_escape(lane.id) + "\" transform=\"translate(0," + number(y) + ")\">\n");
  for (const PictureBand& b : lane.shading) c.band(b, 0, l.height - 4, " class=\"fault\"");
  c.text(8, l.height / 2, lane.id, "font-weight=\"bold\" font-size=\"" + number(l.font) + "\"");
  for (const PictureBand& b : lane.roles) c.band(b, l.role_y, l.role_h);
  for (const PictureBand& b : lane.reports) c.band(b, l.state_y, l.state_h);
  for (const PictureBand& b : lane.overlays) c.band(b, l.role_y, l.role_h + l.state_h + 2);
  // Event marks, merged when closer than a few pixels.
  const std::vector<PictureMark>& marks = lane.marks;
  for (std::size_t i = 0; i < marks.size();) {
    std::size_t j = i + 1;
    while (j < marks.size() && c.x(marks[j].at_ns) - c.x(marks[i].at_ns) < min_mark_gap_px) ++j;
    std::uint64_t count = 0;
    std::string title;
    std::size_t shown = 0;
    for (std::size_t k = i; k < j; ++k) {
      count += marks[k].count;
      if (shown < marks_in_title) {
        title += marks[k].title + "\n";
        ++shown;
      }
    }
    if (count > shown && j - i > 1) title += "... and " + std::to_string(count - shown) + " more";
    const double mx = c.x(marks[i].at_ns);
    c.rect(mx - 0.75, mx + 0.75, l.mark_y, l.mark_h, count > 1 ? "#000000" : "#555555", title,
           " class=\"mark\" data-at=\"" + std::to_string(marks[i].at_ns) + "\"");
    if (count > 1) c.text(mx + 2, l.mark_y + l.mark_h - 1, "x" + std::to_string(count), "font-size=\"9\"");
    i = j;
  }
  c.raw("</g>\n");
}

// The header: title, legend (wrapped to the width), spans, moment labels and the axis. Returns
// its height.
double draw_header(Canvas& c, const TimelinePicture& picture) {
  c.text(left, 18, picture.title, "font-size=\"13\"");
  double lx = left, ly = 30;
  for (const auto& [fill, label] : picture.legend) {
    const double item = 24 + 6.2 * static_cast<double>(label.size());
    if (lx + item > width - right && lx > left) {
      lx = left;
      ly += 16;
    }
    c.rect(lx, lx + 12, ly, 10, fill, label, " class=\"legend\"");
    c.text(lx + 16, ly + 9, label, "class=\"legend\"");
    lx += item;
  }
  double y = ly + 24;
  // Spans in rows, a span in the first row where it does not overlap the label before it.
  std::vector<double> row_end;
  for (const PictureBand& span : picture.spans) {
    const double x0 = c.x(span.from_ns), x1 = c.x(span.until_ns);
    const double text_end = x0 + 6.2 * static_cast<double>(span.label.size());
    std::size_t row = 0;
    while (row < row_end.size() && row_end[row] > x0) ++row;
    if (row == row_end.size()) row_end.push_back(0);
    row_end[row] = std::max(x1, text_end) + 8;
    const double sy = y + 14 * static_cast<double>(row);
    c.band(span, sy + 6, 3, " class=\"span\"");
    c.text(x0, sy + 4, span.label, "font-size=\"10\" data-at=\"" + std::to_string(span.from_ns) + "\" class=\"span-label\"");
  }
  y += 14 * static_cast<double>(row_end.size());
  for (const PictureMoment& m : picture.moments) {
    if (m.label.empty()) continue;
    c.text(c.x(m.at_ns) + 2, y + 8, m.label,
           "font-size=\"10\" fill=\"" + m.colour + "\" data-at=\"" + std::to_string(m.at_ns) + "\" class=\"moment-label\"");
  }
  if (!picture.moments.empty()) y += 14;
  y += 14;
  c.raw("<g class=\"axis\">\n");
  if (picture.axis_label) {
    for (int i = 0; i <= 10; ++i) {
      const std::int64_t t = picture.span_ns / 10 * i;
      c.text(c.x(t), y, picture.axis_label(t), "text-anchor=\"middle\"");
    }
  } else {
    for (const AxisTick& tick : round_ticks(picture.span_ns)) c.text(c.x(tick.at_ns), y, tick.label, "text-anchor=\"middle\"");
  }
  c.raw("</g>\n");
  return y + 6;
}

// The lanes, at y = 0; and the moments' lines across them. Returns their height.
double draw_lanes(Canvas& c, const TimelinePicture& picture) {
  const LaneLayout l = lane_layout(picture.lanes.size());
  const double height = static_cast<double>(picture.lanes.size()) * l.height;
  for (const PictureBand& band : picture.over_all_lanes) c.band(band, 0, height, " opacity=\"0.10\" class=\"fault\"");
  for (std::size_t lane = 0; lane < picture.lanes.size(); ++lane) {
    draw_lane(c, picture.lanes[lane], static_cast<double>(lane) * l.height, l);
  }
  for (const PictureMoment& m : picture.moments) {
    const double mx = c.x(m.at_ns);
    c.raw("<line x1=\"" + number(mx) + "\" x2=\"" + number(mx) + "\" y1=\"0\" y2=\"" + number(height) + "\" stroke=\"" +
          m.colour + "\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\" class=\"moment\" data-kind=\"" + svg_escape(m.kind) +
          "\" data-at=\"" + std::to_string(m.at_ns) + "\"><title>" + svg_escape(m.title) + "</title></line>\n");
  }
  return height;
}

constexpr const char* patterns =
    "<defs><pattern id=\"flap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"3\" height=\"6\" fill=\"#4c78a8\" opacity=\"0.35\"/></pattern>"
    "<pattern id=\"paused\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"2\" height=\"4\" fill=\"#000\" opacity=\"0.35\"/></pattern>"
    "<pattern id=\"readonly\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
    "<rect width=\"2\" height=\"6\" fill=\"#f58518\" opacity=\"0.6\"/></pattern>"
    "<pattern id=\"cannot-send\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
    "<path d=\"M0 4 H6 M4 2 L6 4 L4 6\" stroke=\"#9467bd\" stroke-width=\"1\" fill=\"none\"/></pattern>"
    "<pattern id=\"cannot-hear\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
    "<path d=\"M8 4 H2 M4 2 L2 4 L4 6\" stroke=\"#8c564b\" stroke-width=\"1\" fill=\"none\"/></pattern></defs>\n";

std::string svg_open(double height, const char* css_class) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(width) + "\" height=\"" + number(height) +
         "\" font-family=\"sans-serif\" font-size=\"11\" class=\"" + css_class + "\">\n" + patterns +
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

}  // namespace

std::optional<TimelineFile> timeline_file(std::string_view path) {
  if (path.size() > 4 && path.ends_with(".svg")) return TimelineFile::svg;
  if (path.size() > 5 && path.ends_with(".html")) return TimelineFile::html;
  return std::nullopt;
}

std::string leader_colour(const std::string& leader, std::vector<std::pair<std::string, std::string>>& colours) {
  for (const auto& [id, colour] : colours) {
    if (id == leader) return colour;
  }
  colours.emplace_back(leader, leader_palette[colours.size() % std::size(leader_palette)]);
  return colours.back().second;
}

std::vector<AxisTick> round_ticks(std::int64_t span_ns) {
  span_ns = std::max<std::int64_t>(span_ns, 1);
  // The step: the smallest round one giving at most 12 ticks. Round is 1, 2 or 5 times a power
  // of ten up to 10 s, then what a clock's face divides into: 15 s, 30 s, minutes, hours.
  constexpr std::int64_t second = 1'000'000'000, minute = 60 * second, hour = 60 * minute;
  std::vector<std::int64_t> steps;
  for (std::int64_t power = 1; power <= second; power *= 10) {
    for (std::int64_t m : {1, 2, 5}) steps.push_back(m * power);
  }
  for (std::int64_t s : {10 * second, 15 * second, 30 * second, minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute,
                         30 * minute, hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, 24 * hour}) {
    steps.push_back(s);
  }
  std::int64_t step = steps.back();
  for (std::int64_t s : steps) {
    if (span_ns / s <= 12) {
      step = s;
      break;
    }
  }
  while (span_ns / step > 12) step *= 2;  // past days: days by powers of two
  // One unit for every label: hours or minutes for whole ones, else the largest of s, ms, us,
  // ns that the step is at least a tenth of ("0.5s").
  struct Unit {
    std::int64_t ns;
    const char* name;
  };
  constexpr Unit units[] = {{hour, "h"}, {minute, "min"}, {second, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
  Unit unit = units[5];
  for (const Unit& u : units) {
    if (u.ns >= minute ? step % u.ns == 0 : step * 10 >= u.ns) {
      unit = u;
      break;
    }
  }
  std::vector<AxisTick> ticks;
  for (std::int64_t t = 0; t <= span_ns; t += step) {
    const double value = static_cast<double>(t) / static_cast<double>(unit.ns);
    char label[40];
    std::snprintf(label, sizeof label, step % unit.ns == 0 ? "%.0f%s" : "%.1f%s", value, unit.name);
    ticks.push_back({t, label});
    if (t > span_ns - step) break;
  }
  return ticks;
}

std::string timeline_svg(const TimelinePicture& picture) {
  Canvas header(picture), lanes(picture);
  const double header_height = draw_header(header, picture);
  const double lanes_height = draw_lanes(lanes, picture);
  return svg_open(header_height + lanes_height + 10, "timeline") + header.take() + "<g transform=\"translate(0," +
         number(header_height) + ")\">\n" + lanes.take() + "</g>\n</svg>\n";
}

std::string timeline_html(const TimelinePicture& picture) {
  Canvas header(picture), lanes(picture);
  const double header_height = draw_header(header, picture);
  const double lanes_height = draw_lanes(lanes, picture);
  const LaneLayout l = lane_layout(picture.lanes.size());
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + svg_escape(picture.title) +
         "</title>\n<style>body{font-family:sans-serif;margin:16px}#tip{position:fixed;display:none;"
         "background:#fffbe6;border:1px solid #aaa;padding:4px 6px;font:11px monospace;white-space:pre;"
         "pointer-events:none;max-width:900px}#head{position:sticky;top:0;background:white;z-index:1}"
         "#controls{font-size:12px;margin:4px 0}#controls input{width:7em}</style>\n</head>\n<body data-status=\"loading\">\n"
         "<div id=\"head\"><div id=\"controls\">nodes <input id=\"filter\" placeholder=\"ctrl1 ctrl2, or part of a name\"> "
         "from <input id=\"from\" placeholder=\"seconds\"> to <input id=\"to\" placeholder=\"seconds\"> "
         "<button id=\"zoom\">zoom</button> <button id=\"reset\">all</button> (or drag across the lanes)</div>\n" +
         svg_open(header_height, "header") + header.take() + "</svg></div>\n" + svg_open(lanes_height + 4, "timeline") +
         lanes.take() + "</svg>\n<div id=\"tip\"></div>\n<script>\n"
         "window.addEventListener('error', function () { document.body.dataset.status = 'error'; });\n"
         "(function () {\n"
         "  var W = " + number(width) + ", L = " + number(left) + ", R = " + number(right) + ", SPAN = " +
         std::to_string(std::max<std::int64_t>(picture.span_ns, 1)) + ", LANE = " + number(l.height) + ";\n"
         "  var ROUND = " + std::string(picture.axis_label ? "false" : "true") + ";\n"
         "  var tip = document.getElementById('tip');\n"
         "  var lanesSvg = document.querySelector('svg.timeline'), headSvg = document.querySelector('svg.header');\n"
         "  document.querySelectorAll('svg rect, svg line').forEach(function (r) {\n"
         "    var t = r.querySelector('title');\n"
         "    if (!t) return;\n"
         "    r.addEventListener('mousemove', function (e) {\n"
         "      tip.textContent = t.textContent; tip.style.display = 'block';\n"
         "      tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';\n"
         "    });\n"
         "    r.addEventListener('mouseleave', function () { tip.style.display = 'none'; });\n"
         "  });\n"
         // The node filter: lanes whose name holds any of the words, stacked again.
         "  function filter(text) {\n"
         "    var words = text.toLowerCase().split(/[\\s,]+/).filter(function (w) { return w; }), y = 0, shown = 0;\n"
         "    document.querySelectorAll('svg.timeline g.lane').forEach(function (g) {\n"
         "      var name = g.dataset.node.toLowerCase();\n"
         "      var keep = !words.length || words.some(function (w) { return name === w || name.indexOf(w) >= 0; });\n"
         "      g.style.display = keep ? '' : 'none';\n"
         "      if (keep) { g.setAttribute('transform', 'translate(0,' + y + ')'); y += LANE; shown++; }\n"
         "    });\n"
         "    lanesSvg.setAttribute('height', y + 4);\n"
         "    lanesSvg.querySelectorAll('line.moment').forEach(function (m) { m.setAttribute('y2', y); });\n"
         "    document.body.dataset.visibleLanes = String(shown);\n"
         "  }\n"
         // The zoom: every drawn time placed again for the window [a, b], and round ticks for it.
         "  function zoom(a, b) {\n"
         "    if (!(b > a)) { a = 0; b = SPAN; }\n"
         "    var x = function (t) { return L + Math.min(1, Math.max(0, (t - a) / (b - a))) * (W - L - R); };\n"
         "    var out = function (t0, t1) { return t1 < a || t0 > b; };\n"
         "    document.querySelectorAll('svg [data-from]').forEach(function (e) {\n"
         "      var t0 = +e.dataset.from, t1 = +e.dataset.until;\n"
         "      e.style.display = out(t0, t1) ? 'none' : '';\n"
         "      e.setAttribute('x', x(t0)); e.setAttribute('width', Math.max(0.6, x(t1) - x(t0)));\n"
         "    });\n"
         "    document.querySelectorAll('svg [data-at]').forEach(function (e) {\n"
         "      var t = +e.dataset.at;\n"
         "      e.style.display = out(t, t) ? 'none' : '';\n"
         "      if (e.tagName === 'line') { e.setAttribute('x1', x(t)); e.setAttribute('x2', x(t)); }\n"
         "      else if (e.tagName === 'rect') e.setAttribute('x', x(t) - 0.75);\n"
         "      else e.setAttribute('x', x(t) + (e.classList.contains('band-label') ? 2 : 0));\n"
         "    });\n"
         "    if (ROUND) {\n"
         "      var axis = headSvg.querySelector('g.axis'), y = axis.querySelector('text').getAttribute('y');\n"
         "      var span = b - a, steps = [];\n"
         "      for (var p = 1; p <= 1e9; p *= 10) steps.push(p, 2 * p, 5 * p);\n"
         "      steps = steps.concat([1e10, 1.5e10, 3e10, 6e10, 1.2e11, 3e11, 6e11, 9e11, 1.8e12, 3.6e12, 7.2e12, 1.08e13, 2.16e13, 4.32e13, 8.64e13]);\n"
         "      var step = steps.find(function (s) { return Math.floor(span / s) <= 12; }) || steps[steps.length - 1];\n"
         "      while (Math.floor(span / step) > 12) step *= 2;\n"
         "      var unit = [[3.6e12, 'h'], [6e10, 'min'], [1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']].find(function (u) {\n"
         "        return u[0] >= 6e10 ? step % u[0] === 0 : step * 10 >= u[0]; });\n"
         "      axis.innerHTML = '';\n"
         "      for (var t = Math.ceil(a / step) * step; t <= b; t += step) {\n"
         "        var v = t / unit[0], n = document.createElementNS('http://www.w3.org/2000/svg', 'text');\n"
         "        n.setAttribute('x', x(t)); n.setAttribute('y', y); n.setAttribute('text-anchor', 'middle');\n"
         "        n.textContent = (step % unit[0] === 0 ? v.toFixed(0) : v.toFixed(1)) + unit[1]; axis.appendChild(n);\n"
         "      }\n"
         "    }\n"
         "    document.body.dataset.window = a + '-' + b;\n"
         "  }\n"
         "  var seconds = function (id) { var v = parseFloat(document.getElementById(id).value); return isNaN(v) ? NaN : v * 1e9; };\n"
         "  document.getElementById('filter').addEventListener('input', function (e) { filter(e.target.value); });\n"
         "  document.getElementById('zoom').addEventListener('click', function () { zoom(seconds('from'), seconds('to')); });\n"
         "  document.getElementById('reset').addEventListener('click', function () { zoom(0, SPAN); });\n"
         // Drag across the lanes to zoom to that window.
         "  var dragFrom = null, toTime = function (e) {\n"
         "    var box = lanesSvg.getBoundingClientRect(), w = (document.body.dataset.window || ('0-' + SPAN)).split('-');\n"
         "    var f = Math.min(1, Math.max(0, (e.clientX - box.left - L) / (W - L - R))); return +w[0] + f * (w[1] - w[0]); };\n"
         "  lanesSvg.addEventListener('mousedown', function (e) { dragFrom = toTime(e); });\n"
         "  lanesSvg.addEventListener('mouseup', function (e) { if (dragFrom === null) return; var t = toTime(e);\n"
         "    if (Math.abs(t - dragFrom) > SPAN / 1000) zoom(Math.min(t, dragFrom), Math.max(t, dragFrom)); dragFrom = null; });\n"
         // A link can open the page filtered and zoomed: page.html#nodes=ctrl1,ctrl2&from=10&to=20
         "  var hash = new URLSearchParams(location.hash.slice(1));\n"
         "  if (hash.get('nodes')) { document.getElementById('filter').value = hash.get('nodes'); filter(hash.get('nodes')); }\n"
         "  else filter('');\n"
         "  if (hash.get('from') || hash.get('to')) zoom(parseFloat(hash.get('from') || '0') * 1e9, parseFloat(hash.get('to') || String(SPAN / 1e9)) * 1e9);\n"
         "  document.body.dataset.lanes = String(document.querySelectorAll('svg.timeline g.lane').length);\n"
         "  document.body.dataset.status = 'ok';\n"
         "})();\n</script>\n</body></html>\n";
}

}  // namespace clustersim::sim
