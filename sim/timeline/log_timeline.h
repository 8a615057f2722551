// The timeline of a real controller's log, drawn by the same renderer as a simulated run's
// (timeline_picture.h): one lane per controller over wall-clock time; the top row is when the
// controller was leader by its own leadership.gained / lost, the middle what it reported
// (has_leader / is_leaderless), read-only periods hatched over both, the leaderless periods
// shaded behind the lane with their inferred cause, and every event a mark. `clustersim check
// LOG --timeline OUT.html|OUT.svg` writes one. It follows the check as a LogListener: memory
// is bounded, not by the log's length: past `most` bands or marks in a lane, neighbours are
// merged pairwise (a merged band says how many changes it holds, a mark how many events).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/logcheck/log_analysis.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {

class LogTimeline : public logcheck::LogListener {
 public:
  explicit LogTimeline(std::string title, std::size_t most = 20000);

  void event(const logcheck::LogEvent& event, const logcheck::IdTable& ids) override;
  void period(const logcheck::ExplainedPeriod& period, const logcheck::IdTable& ids) override;
  void finish(std::int64_t end_ns) override;

  // The picture, once finished.
  TimelinePicture picture() const;

 private:
  struct Open {
    std::optional<PictureBand> report, leader, read_only;
  };
  struct Lane {
    std::string id;
    std::vector<PictureBand> leader, reports, read_only, periods;
    std::vector<PictureMark> marks;
    Open open;
  };
  Lane& lane(logcheck::Id id, const logcheck::IdTable& ids);
  void close(std::optional<PictureBand>& band, std::vector<PictureBand>& into, std::int64_t at_ns);
  void bound(std::vector<PictureBand>& bands);
  void bound(std::vector<PictureMark>& marks);

  std::string title_;
  std::size_t most_;
  std::optional<std::int64_t> start_ns_;
  std::int64_t end_ns_ = INT64_MIN;
  std::vector<Lane> lanes_;          // in order of first event
  std::vector<std::size_t> lane_of_; // by Id; SIZE_MAX: none yet
  std::vector<PictureBand> cluster_periods_;
  std::vector<std::pair<std::string, std::string>> colours_;
};

}  // namespace clustersim::sim
