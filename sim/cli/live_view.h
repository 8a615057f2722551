// What `clustersim check --follow` shows while it follows growing logs: the cluster's state as
// the logs tell it, now. On a terminal, a table redrawn in place each time the logs are read to
// their end: per controller its reported leader and since when, whether it leads by its own
// events, its connected peers, read-only or not, its last event; and the last problems found.
// Otherwise, for a pipe or a file, one plain line per change of that state. It follows the
// check as a LogListener; the check's report goes through report(), which on a terminal keeps
// the last problem lines for the table until done().
#pragma once

#include <cstdint>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/logcheck/log_analysis.h"

namespace clustersim::sim {

class LiveView : public logcheck::LogListener {
 public:
  LiveView(std::ostream& out, bool terminal);

  void event(const logcheck::LogEvent& event, const logcheck::IdTable& ids) override;
  void period(const logcheck::ExplainedPeriod& period, const logcheck::IdTable& ids) override;
  void finish(std::int64_t end_ns) override;

  // Where the check reports: on a terminal, held for the table while following.
  std::ostream& report() { return terminal_ ? held_ : out_; }
  // The logs have been read to their end for now: redraws the table (on a terminal).
  void redraw();
  // The check has ended: on a terminal the last table is left on screen and what was held
  // (the problems, the summary) is written after it.
  void done();
  std::uint64_t events() const { return events_; }

 private:
  struct Controller {
    std::string id;
    bool reported = false, has_leader = false, leads = false, read_only = false;
    std::string leader;
    std::int64_t since_ns = 0;
    std::set<std::string> peers;
    std::string last;
  };
  Controller& controller(logcheck::Id id, const logcheck::IdTable& ids);
  void line(const logcheck::LogEvent& event, const std::string& what);

  std::ostream& out_;
  bool terminal_;
  std::ostringstream held_;
  std::vector<Controller> controllers_;  // by Id
  std::vector<std::string> last_periods_;
  std::uint64_t events_ = 0;
};

}  // namespace clustersim::sim
