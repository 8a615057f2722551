// The checks `clustersim check` makes of a controller event log, on a stream: each line is
// read, checked and forgotten, so memory depends on how many controllers the log holds, never
// on its length (a rotated log of gigabytes is checked in a few megabytes).
//
// Per controller (event_src_id), in timestamp order:
//   - state events alternate: never two state.is_leaderless in a row, never two
//     state.has_leader in a row for the same leaderId;
//   - a peer event lists exactly the one peer it is about, and peer.disconnected comes only
//     for a peer whose last peer event was peer.connected (peer.connected may repeat: the
//     mesh's tie-break replaces a channel and says so again; a peer never seen before may be
//     from before the log began);
//   - never two state.rw without a state.ro between (two state.ro may be a restart between:
//     a new process starts read-write without a word).
// Events are dispatched asynchronously, so a log's line order may differ slightly from
// timestamp order: each controller's events wait in a small reorder window (a span of
// timestamps and a count, whichever fills first) and are checked in timestamp order as they
// leave it. An event older than one already checked is reported as out of order.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "model/events/cluster_event.h"

namespace clustersim::sim {

struct EventLogLimits {
  // An event line is a few hundred bytes; a peers list of 200 members is about 30 KB.
  std::size_t line_bytes = 64 * 1024;
  // Controller and leader ids are short names; a longer one is not an id.
  std::size_t id_bytes = 256;
  // A cluster has three to seven controllers; a log naming more than this is not one cluster's.
  std::size_t controllers = 1000;
  // How far out of order a controller's events may be and still be put right: dispatch
  // reorders events by milliseconds under load; ten seconds or 256 events leave a wide margin.
  std::chrono::nanoseconds reorder_span = std::chrono::seconds(10);
  std::size_t reorder_events = 256;
};

class EventLogCheck {
 public:
  // Reports each problem to `report` as "NAME:LINE: ..." while the log is read.
  EventLogCheck(std::string name, std::ostream& report, EventLogLimits limits = {});

  // One line (without its newline); `truncated`: it was longer than limits.line_bytes and
  // `text` is only its start. Returns false when the log cannot be one cluster's (too many
  // controllers): the caller stops reading and finish() reports it.
  bool line(std::string_view text, bool truncated);

  // Checks what is still waiting, writes the totals line to `report` (or the reason the file
  // is not an event log to `err`), and returns the exit code: 0 clean, 1 violations, 2 not
  // an event log.
  int finish(std::ostream& err);

  // Events waiting in the reorder windows of all controllers.
  std::size_t waiting() const;

 private:
  struct Waiting {
    std::int64_t unix_ns;
    std::size_t line;
    model::ClusterEventType type;
    std::string id;  // state.has_leader: the leaderId; a peer event: the peer's id
    bool operator>(const Waiting& other) const {
      return unix_ns != other.unix_ns ? unix_ns > other.unix_ns : line > other.line;
    }
  };
  struct Controller {
    std::priority_queue<Waiting, std::vector<Waiting>, std::greater<>> waiting;
    std::int64_t newest_ns = INT64_MIN;
    std::int64_t checked_ns = INT64_MIN;  // the newest event checked
    std::size_t checked_line = 0;
    std::optional<Waiting> last_state;    // the last state event checked
    std::optional<Waiting> last_ro_rw;    // the last state.ro or state.rw checked
    std::map<std::string, std::size_t> connected;     // peer -> line of its peer.connected
    std::map<std::string, std::size_t> disconnected;  // peer -> line of its peer.disconnected
  };

  void admit(Controller& controller, const std::string& source, Waiting event);
  void release(Controller& controller, const std::string& source, bool all);
  void check(Controller& controller, const std::string& source, const Waiting& event);
  void violation(std::size_t line, const std::string& text);

  std::string name_;
  std::ostream& report_;
  EventLogLimits limits_;
  std::map<std::string, Controller> controllers_;
  std::size_t number_ = 0, lines_ = 0, events_ = 0, foreign_ = 0, violations_ = 0;
  bool too_many_controllers_ = false;
};

// Reads `in` line by line (lines cut at limits.line_bytes) through an EventLogCheck.
int check_event_log(std::istream& in, const std::string& name, std::ostream& out, std::ostream& err,
                    EventLogLimits limits = {});

}  // namespace clustersim::sim
