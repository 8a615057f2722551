#include "sim/timeline/timeline_picture.h"

#include <algorithm>
#include <cstdio>

#include "sim/svg/svg_text.h"

namespace clustersim::sim {
namespace {

constexpr double width = 1100, left = 90, right = 20, top = 54, lane_height = 46;
constexpr double role_y = 4, role_h = 12, state_y = 18, state_h = 12, mark_y = 32, mark_h = 10;
constexpr double min_mark_gap_px = 3;
constexpr std::size_t marks_in_title = 6;
constexpr const char* leader_palette[] = {"#4c78a8", "#54a24b", "#b279a2", "#9d755d", "#72b7b2",
                                          "#eeca3b", "#ff9da6", "#bab0ac", "#79706e", "#d67195", "#439894"};

class Canvas {
 public:
  explicit Canvas(const TimelinePicture& picture) : span_(std::max<std::int64_t>(picture.span_ns, 1)) {}

  double x(std::int64_t t) const {
    const double f = static_cast<double>(t) / static_cast<double>(span_);
    return left + std::clamp(f, 0.0, 1.0) * (width - left - right);
  }
  void rect(double x0, double x1, double y, double h, const std::string& fill, const std::string& title,
            const std::string& extra = "") {
    char b[200];
    std::snprintf(b, sizeof b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s>",
                  x0, y, std::max(0.6, x1 - x0), h, fill.c_str(), extra.c_str());
    svg_ += b;
    svg_ += "<title>" + svg_escape(title) + "</title></rect>\n";
  }
  void band(const PictureBand& b, double y, double h, const std::string& extra = "") {
    if (b.until_ns < b.from_ns) return;
    rect(x(b.from_ns), x(b.until_ns), y, h, b.fill, b.title, extra);
  }
  void text(double x0, double y, const std::string& content, const std::string& attributes = "") {
    char b[96];
    std::snprintf(b, sizeof b, "<text x=\"%.2f\" y=\"%.2f\"%s>", x0, y, attributes.empty() ? "" : (" " + attributes).c_str());
    svg_ += b + svg_escape(content) + "</text>\n";
  }
  void raw(const std::string& s) { svg_ += s; }
  std::string& svg() { return svg_; }

 private:
  std::int64_t span_;
  std::string svg_;
};

void draw_lane(Canvas& c, const PictureLane& lane, double y) {
  c.raw("<g class=\"lane\" data-node=\"" + svg_escape(lane.id) + "\">\n");
  for (const PictureBand& b : lane.shading) c.band(b, y, lane_height - 4, " class=\"fault\"");
  c.text(8, y + 22, lane.id, "font-weight=\"bold\"");
  for (const PictureBand& b : lane.roles) c.band(b, y + role_y, role_h);
  for (const PictureBand& b : lane.reports) c.band(b, y + state_y, state_h);
  for (const PictureBand& b : lane.overlays) c.band(b, y + role_y, role_h + state_h + 2);
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
    c.rect(mx - 0.75, mx + 0.75, y + mark_y, mark_h, count > 1 ? "#000000" : "#555555", title, " class=\"mark\"");
    if (count > 1) c.text(mx + 2, y + mark_y + 9, "x" + std::to_string(count), "font-size=\"9\"");
    i = j;
  }
  c.raw("</g>\n");
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

std::string timeline_svg(const TimelinePicture& picture) {
  Canvas c(picture);
  const double height = top + static_cast<double>(picture.lanes.size()) * lane_height + 50;
  char b[300];
  std::snprintf(b, sizeof b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"11\" class=\"timeline\">\n",
                width, height);
  c.raw(b);
  c.raw("<defs><pattern id=\"flap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        "<rect width=\"3\" height=\"6\" fill=\"#4c78a8\" opacity=\"0.18\"/></pattern>"
        "<pattern id=\"paused\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"2\" height=\"4\" fill=\"#000\" opacity=\"0.35\"/></pattern>"
        "<pattern id=\"readonly\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
        "<rect width=\"2\" height=\"6\" fill=\"#f58518\" opacity=\"0.6\"/></pattern></defs>\n");
  c.raw("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  c.text(left, 18, picture.title, "font-size=\"13\"");
  for (int i = 0; i <= 10; ++i) {
    const std::int64_t t = picture.span_ns / 10 * i;
    c.text(c.x(t), top - 10, picture.axis_label ? picture.axis_label(t) : std::to_string(t), "text-anchor=\"middle\"");
  }
  const double bottom = top + static_cast<double>(picture.lanes.size()) * lane_height;
  for (const PictureBand& band : picture.over_all_lanes) c.band(band, top - 4, bottom - top + 4, " opacity=\"0.10\" class=\"fault\"");
  for (std::size_t lane = 0; lane < picture.lanes.size(); ++lane) {
    draw_lane(c, picture.lanes[lane], top + static_cast<double>(lane) * lane_height);
  }
  double lx = left;
  const double ly = bottom + 14;
  for (const auto& [fill, label] : picture.legend) {
    c.rect(lx, lx + 12, ly, 10, fill, label);
    c.text(lx + 16, ly + 9, label);
    lx += 24 + 6.5 * static_cast<double>(label.size());
  }
  c.raw("</svg>\n");
  return c.svg();
}

std::string timeline_html(const TimelinePicture& picture) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + svg_escape(picture.title) +
         "</title>\n<style>body{font-family:sans-serif;margin:16px}#tip{position:fixed;display:none;"
         "background:#fffbe6;border:1px solid #aaa;padding:4px 6px;font:11px monospace;white-space:pre;"
         "pointer-events:none;max-width:900px}</style>\n</head>\n<body data-status=\"loading\">\n" +
         timeline_svg(picture) +
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
